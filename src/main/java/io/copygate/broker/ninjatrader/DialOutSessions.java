package io.copygate.broker.ninjatrader;

import io.copygate.broker.BrokerUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dial-out mode's transport: the add-ons currently connected to the gateway, one session per token —
 * one add-on installation, serving every NinjaTrader account enabled in it. A command for an account
 * goes to the session authenticated with that account's token. A newer connection with the same token
 * replaces the older one (after a NAT drop the add-on reconnects before the gateway notices the old
 * socket is dead). No session: the add-on is not connected, and the request is retried later.
 */
public final class DialOutSessions implements BridgeTransport {
    private static final Logger LOG = LoggerFactory.getLogger(DialOutSessions.class);
    private final Map<String, DialOutSession> byToken = new ConcurrentHashMap<>();
    private volatile Duration answerTimeout = Duration.ofSeconds(10);

    /** How long a command waits for the add-on's answer (copygate.broker.request-timeout-ms). */
    void answerTimeout(Duration timeout) {
        answerTimeout = timeout;
    }

    DialOutSession open(String token, DialOutSession.Link link, String peer) {
        DialOutSession session = new DialOutSession(token, link, peer);
        DialOutSession older = byToken.put(key(token), session);
        if (older != null) {
            LOG.warn("NinjaTrader add-on at {} replaces the dial-out connection from {} (same token); "
                    + "give every add-on installation its own token", peer, older.peer());
            older.close("replaced by a newer connection");
        }
        return session;
    }

    void closed(DialOutSession session, String reason) {
        byToken.remove(key(session.token()), session);
        session.closed(reason);
    }

    /** True while an add-on holding this token is connected. */
    public boolean isConnected(String token) {
        return byToken.containsKey(key(token));
    }

    void closeAll(String reason) {
        byToken.values().forEach(s -> s.close(reason));
        byToken.clear();
    }

    @Override
    public BridgeReply send(NinjaTraderConfig account, BridgeCall call) {
        DialOutSession session = byToken.get(key(account.token()));
        if (session == null) {
            throw new BrokerUnavailableException("the NinjaTrader add-on for account " + account.accountId() + " (NinjaTrader "
                    + account.ntAccount() + ") is not connected: dial-out mode needs NinjaTrader running with the bridge "
                    + "in Mode=DialOut and GatewayWsUrl pointing at this gateway");
        }
        return session.call(call, answerTimeout);
    }

    static String key(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
