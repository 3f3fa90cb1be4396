package io.copygate.broker.ninjatrader;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import java.net.URI;
import java.util.Locale;

/**
 * A NinjaTrader account's settings in {@code config/gateway.yaml}:
 * <ul>
 *   <li>{@code mode}: {@code listen} (default; the gateway calls the add-on's HTTP receiver at
 *       {@code baseUrl}) or {@code dialout} (the add-on keeps a WebSocket open to the gateway and the
 *       same requests travel over it);</li>
 *   <li>{@code baseUrl}: the add-on's {@code ListenPrefix}, e.g. {@code http://127.0.0.1:8181} (listen only);</li>
 *   <li>{@code ntAccount}: the account's name in NinjaTrader ({@code Sim101}); default the account's
 *       {@code brokerAccount};</li>
 *   <li>credential {@code token}: the add-on's {@code Token}, shared bearer secret, at least 16 characters.</li>
 * </ul>
 * A setting the adapter cannot use fails the account (final) with the setting named. {@link #toString()}
 * never prints the token.
 */
public record NinjaTraderConfig(String accountId, Mode mode, URI baseUrl, String ntAccount, String token) {

    public enum Mode { LISTEN, DIALOUT }

    public static NinjaTraderConfig of(BrokerAccount account) {
        Mode mode = switch (account.setting("mode", "listen").trim().toLowerCase(Locale.ROOT)) {
            case "listen" -> Mode.LISTEN;
            case "dialout" -> Mode.DIALOUT;
            default -> throw new AccountFailedException("account " + account.id() + ": setting mode must be listen or dialout, was '"
                    + account.setting("mode", "") + "'");
        };
        String ntAccount = ntAccount(account);
        if (ntAccount == null) {
            throw new AccountFailedException("account " + account.id() + ": setting ntAccount (the NinjaTrader account name) is empty");
        }
        String token = account.credential("token");
        if (token.length() < 16) {
            throw new AccountFailedException("account " + account.id() + ": credential token is shorter than the add-on's minimum of 16 characters");
        }
        return new NinjaTraderConfig(account.id(), mode, mode == Mode.LISTEN ? baseUrl(account) : null, ntAccount, token);
    }

    /** The account's NinjaTrader name: setting {@code ntAccount}, else its {@code brokerAccount}; null when blank. */
    static String ntAccount(BrokerAccount account) {
        String name = account.setting("ntAccount", account.brokerAccount());
        return name == null || name.isBlank() ? null : name.trim();
    }

    private static URI baseUrl(BrokerAccount account) {
        String text = account.setting("baseUrl", "").trim();
        if (text.isEmpty()) {
            throw new AccountFailedException("account " + account.id() + ": setting baseUrl (the add-on's ListenPrefix, "
                    + "e.g. http://127.0.0.1:8181) is required in listen mode");
        }
        try {
            URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new AccountFailedException("account " + account.id() + ": setting baseUrl '" + text + "' is not an http(s) URL");
        }
    }

    @Override
    public String toString() {
        return "NinjaTraderConfig[account=" + accountId + ", mode=" + mode + ", baseUrl=" + baseUrl + ", ntAccount=" + ntAccount + "]";
    }
}
