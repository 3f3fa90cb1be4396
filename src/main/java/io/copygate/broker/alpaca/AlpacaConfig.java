package io.copygate.broker.alpaca;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import java.net.URI;

/**
 * Where an account lives at Alpaca, from its settings: {@code environment} = {@code paper} (the
 * default) or {@code live}, or explicit {@code baseUrl} / {@code streamUrl} (the sandbox). Paper and
 * live have separate key pairs, so an account is one or the other.
 *
 * @param fractional whether copygate may send fractional quantities for this account (setting
 *                   {@code fractional}, default true as Alpaca enables fractional trading on every account)
 */
public record AlpacaConfig(URI restBase, URI streamUri, boolean live, boolean fractional) {
    public static final URI PAPER = URI.create("https://paper-api.alpaca.markets");
    public static final URI LIVE = URI.create("https://api.alpaca.markets");

    public static AlpacaConfig of(BrokerAccount account) {
        String environment = account.setting("environment", "paper").trim().toLowerCase();
        if (!environment.equals("paper") && !environment.equals("live")) {
            throw new AccountFailedException("account " + account.id()
                    + ": setting 'environment' must be 'paper' or 'live', was '" + environment + "'");
        }
        boolean live = environment.equals("live");
        URI rest = uri(account, "baseUrl", live ? LIVE : PAPER);
        String derivedStream = rest.toString().replaceFirst("^http", "ws").replaceAll("/+$", "") + "/stream";
        URI stream = uri(account, "streamUrl", URI.create(derivedStream));
        String fractional = account.setting("fractional", "true").trim().toLowerCase();
        if (!fractional.equals("true") && !fractional.equals("false")) {
            throw new AccountFailedException("account " + account.id()
                    + ": setting 'fractional' must be 'true' or 'false', was '" + fractional + "'");
        }
        return new AlpacaConfig(rest, stream, live, fractional.equals("true"));
    }

    private static URI uri(BrokerAccount account, String key, URI fallback) {
        String value = account.settings().get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            URI uri = URI.create(value.trim().replaceAll("/+$", ""));
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new AccountFailedException("account " + account.id() + ": setting '" + key
                    + "' is not a URL: '" + value + "'");
        }
    }

    URI rest(String pathAndQuery) {
        return URI.create(restBase + pathAndQuery);
    }
}
