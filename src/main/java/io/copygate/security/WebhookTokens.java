package io.copygate.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Authenticates TradingView-style webhooks by the secret token in their URL. Only the token's
 * SHA-256 is stored, so a leaked database does not leak working webhook URLs.
 */
public final class WebhookTokens {

    /** Looks a token hash up; null when unknown. */
    @FunctionalInterface
    public interface Directory {
        Entry find(String tokenSha256);
    }

    /** A known token: whose it is, whether it is active, which addresses may use it (null = any). */
    public record Entry(String account, String tenant, boolean active, String ipAllowlist) {
    }

    private final Directory directory;

    public WebhookTokens(Directory directory) {
        this.directory = directory;
    }

    /**
     * @param remoteAddress the peer as Netty reports it ({@code /1.2.3.4:5678}) or a plain IP
     */
    public WebhookPrincipal authenticate(String token, Object remoteAddress) {
        if (token == null || token.isBlank()) {
            throw new AuthenticationException(404, "not found");
        }
        Entry entry = directory.find(sha256(token));
        if (entry == null || !entry.active()) {
            throw new AuthenticationException(404, "not found");
        }
        if (entry.ipAllowlist() != null && !entry.ipAllowlist().isBlank()) {
            String ip = ip(remoteAddress);
            if (ip == null || !new IpAllowlist(entry.ipAllowlist()).allows(ip)) {
                throw new AuthenticationException(403, "requests from " + ip + " are not allowed for this webhook");
            }
        }
        return new WebhookPrincipal(entry.account(), entry.tenant());
    }

    static String ip(Object remoteAddress) {
        if (remoteAddress instanceof InetSocketAddress isa) {
            return isa.getAddress() == null ? null : isa.getAddress().getHostAddress();
        }
        if (remoteAddress == null) {
            return null;
        }
        String s = remoteAddress.toString();
        if (s.startsWith("/")) {
            s = s.substring(1);
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0 && s.indexOf(':') == colon) {
            s = s.substring(0, colon); // ipv4:port
        } else if (s.startsWith("[") && s.contains("]")) {
            s = s.substring(1, s.indexOf(']'));
        }
        return s;
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
