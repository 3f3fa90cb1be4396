package io.copygate.broker.alpaca;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.BrokerAccount;
import java.net.http.HttpRequest;

/**
 * Alpaca authenticates every REST call with the account's key pair in two headers, and the
 * trade_updates stream with the same pair in its first message. Credential keys: {@code keyId},
 * {@code secretKey}. Nothing here keeps or prints the secret.
 */
final class AlpacaAuth {
    static final String KEY_ID = "keyId";
    static final String SECRET_KEY = "secretKey";

    private AlpacaAuth() {
    }

    static HttpRequest.Builder sign(HttpRequest.Builder request, BrokerAccount account) {
        return request.header("APCA-API-KEY-ID", account.credential(KEY_ID))
                .header("APCA-API-SECRET-KEY", account.credential(SECRET_KEY));
    }

    /** {@code {"action":"auth","key":...,"secret":...}} as docs.alpaca.markets/docs/websocket-streaming shows it. */
    static String streamAuthMessage(BrokerAccount account) {
        ObjectNode message = AlpacaJson.object();
        message.put("action", "auth");
        message.put("key", account.credential(KEY_ID));
        message.put("secret", account.credential(SECRET_KEY));
        return AlpacaJson.write(message);
    }
}
