package io.copygate.broker.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.SymbolRules;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderIntent;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * copygate's Coinbase Advanced Trade follower: {@code POST /orders} under {@code client_order_id} =
 * the copy order id, cancel via {@code POST /orders/batch_cancel} and modify via
 * {@code POST /orders/edit} on the target's Coinbase order id, which is found, like any lookup by
 * client order id, by listing the product's recent orders ({@code GET /orders/historical/batch},
 * the documented way; the single-order client id filter is deprecated). Rejects come as
 * {@code success:false} inside HTTP 200.
 */
public final class CoinbaseAdapter implements BrokerAdapter, io.copygate.broker.VenueSizing {
    private static final int PAGE = 250;
    private static final int MAX_PAGES = 20;

    private final CoinbaseClient client;
    private final CoinbaseProducts products;
    private final Clock clock;
    private final CoinbaseSymbolCodec codec = new CoinbaseSymbolCodec();

    public CoinbaseAdapter(BrokerHttp http) {
        this(http, Clock.systemUTC());
    }

    public CoinbaseAdapter(BrokerHttp http, Clock clock) {
        this.client = new CoinbaseClient(http);
        this.products = new CoinbaseProducts(client);
        this.clock = clock;
    }

    @Override
    public String broker() {
        return "coinbase";
    }

    public SymbolRules symbolRules(CopyOrder order, BrokerAccount account) {
        return products.rules(CoinbaseConfig.of(account), CoinbaseAuth.of(account, clock),
                codec.toVenue(order.instrument()));
    }

    /** The copy's size on the product's base_increment, or why it is skipped (base_min_size / quote_min_size). */
    public SymbolRules.Sized size(CopyOrder order, BrokerAccount account) {
        return CoinbaseOrderMapper.size(order, symbolRules(order, account));
    }

    /** MARKET → limit IOC, STOP → stop-limit, bounded by {@code maxSlippage} (fraction). */
    public CopyOrder guardSlippage(CopyOrder order, BrokerAccount account, BigDecimal maxSlippage) {
        return CoinbaseOrderMapper.guardSlippage(order, symbolRules(order, account), maxSlippage);
    }

    @Override
    public BrokerAck place(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.PLACE);
        if (order.attempts() > 0) {
            Optional<BrokerAck> earlier = findByClientOrderId(order, account);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        CoinbaseConfig config = CoinbaseConfig.of(account);
        CoinbaseAuth auth = CoinbaseAuth.of(account, clock);
        SymbolRules rules = products.rules(config, auth, codec.toVenue(order.instrument()));
        JsonNode answer = client.post(config, auth, "/orders", CoinbaseOrderMapper.createOrder(order, rules), true);
        return CoinbaseOrderMapper.created(answer);
    }

    @Override
    public Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account) {
        return switch (order.intent()) {
            case PLACE -> lookup(account, order, order.id()).map(o -> CoinbaseOrderMapper.ack(o, true));
            case CANCEL -> lookup(account, order, order.targetOrderId())
                    .filter(o -> "CANCELLED".equals(o.path("status").asText()))
                    .map(o -> CoinbaseOrderMapper.ack(o, true));
            case MODIFY -> lookup(account, order, order.targetOrderId())
                    .filter(o -> edited(order, o))
                    .map(o -> CoinbaseOrderMapper.ack(o, true));
        };
    }

    @Override
    public BrokerAck cancel(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.CANCEL);
        JsonNode target = lookup(account, order, order.targetOrderId())
                .orElseThrow(() -> new BrokerRejectedException("Coinbase has no order " + order.targetOrderId()));
        String status = target.path("status").asText();
        if ("CANCELLED".equals(status)) {
            return CoinbaseOrderMapper.ack(target, true); // an earlier attempt took effect
        }
        CoinbaseConfig config = CoinbaseConfig.of(account);
        var body = CoinbaseClient.JSON.createObjectNode();
        body.putArray("order_ids").add(target.path("order_id").asText());
        JsonNode result = client.post(config, CoinbaseAuth.of(account, clock), "/orders/batch_cancel", body, true)
                .path("results").path(0);
        if (!result.path("success").asBoolean(false)) {
            throw new BrokerRejectedException(result.path("failure_reason").asText("cancel refused"));
        }
        return new BrokerAck(target.path("order_id").asText(), target.path("product_id").asText(), "CANCELLED", false);
    }

    @Override
    public BrokerAck modify(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.MODIFY);
        CoinbaseConfig config = CoinbaseConfig.of(account);
        CoinbaseAuth auth = CoinbaseAuth.of(account, clock);
        JsonNode target = lookup(account, order, order.targetOrderId())
                .orElseThrow(() -> new BrokerRejectedException("Coinbase has no order " + order.targetOrderId()
                        + " to modify"));
        if (order.attempts() > 0 && edited(order, target)) {
            return CoinbaseOrderMapper.ack(target, true);
        }
        SymbolRules rules = products.rules(config, auth, target.path("product_id").asText());
        JsonNode answer = client.post(config, auth, "/orders/edit", CoinbaseOrderMapper.editOrder(order, target, rules),
                true);
        if (!answer.path("success").asBoolean(false)) {
            JsonNode e = answer.path("errors").path(0);
            String reason = e.path("edit_failure_reason").asText("");
            String preview = e.path("preview_failure_reason").asText("");
            throw new BrokerRejectedException(reason.isEmpty() || reason.startsWith("UNKNOWN") ? preview
                    : preview.isEmpty() || preview.startsWith("UNKNOWN") ? reason : reason + " (" + preview + ")");
        }
        return new BrokerAck(target.path("order_id").asText(), target.path("product_id").asText(), "OPEN", false);
    }

    /** The product's order with this client order id, newest first, within the lookup window. */
    private Optional<JsonNode> lookup(BrokerAccount account, CopyOrder order, String clientOrderId) {
        CoinbaseConfig config = CoinbaseConfig.of(account);
        CoinbaseAuth auth = CoinbaseAuth.of(account, clock);
        String since = clock.instant().minus(config.lookupWindow()).toString();
        String base = "product_ids=" + codec.toVenue(order.instrument()) + "&start_date="
                + URLEncoder.encode(since, StandardCharsets.UTF_8) + "&limit=" + PAGE;
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode answer = client.get(config, auth, "/orders/historical/batch",
                    base + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            for (JsonNode o : answer.path("orders")) {
                if (clientOrderId.equals(o.path("client_order_id").asText())) {
                    return Optional.of(o);
                }
            }
            if (!answer.path("has_next").asBoolean(false)) {
                return Optional.empty();
            }
            cursor = answer.path("cursor").asText();
        }
        throw new io.copygate.broker.BrokerUnavailableException("Coinbase lookup of " + clientOrderId
                + " stopped after " + MAX_PAGES * PAGE + " orders; narrow the 'lookupHours' setting");
    }

    private static boolean edited(CopyOrder order, JsonNode o) {
        JsonNode gtc = o.path("order_configuration").path("limit_limit_gtc");
        boolean size = order.quantity() == null
                || order.quantity().compareTo(new BigDecimal(gtc.path("base_size").asText("0"))) == 0;
        boolean price = order.limitPrice() == null
                || order.limitPrice().compareTo(new BigDecimal(gtc.path("limit_price").asText("0"))) == 0;
        return size && price;
    }

    private static void requireIntent(CopyOrder order, OrderIntent expected) {
        if (order.intent() != expected) {
            throw new IllegalArgumentException("copy order " + order.id() + " has intent " + order.intent()
                    + ", expected " + expected);
        }
    }
}
