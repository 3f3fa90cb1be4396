package io.copygate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.copygate.copy.InvalidCopyRulesException;
import io.copygate.delivery.DeadLetters;
import io.copygate.security.AuthenticationException;
import io.copygate.signal.InvalidSignalException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every HTTP answer of the gateway is written: JSON, numbers exact and plain, times ISO-8601; and
 * how every failure becomes {@code {"error": ..., "field": ...}} with its status. Unexpected errors are
 * logged with their stack trace and answered 500 without it.
 */
public final class ApiJson {
    private static final Logger LOG = LoggerFactory.getLogger(ApiJson.class);
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    /**
     * A request body that must be a JSON object: {@code 400} when it is malformed or anything else,
     * the message saying what it should hold ({@code expected}).
     */
    public static com.fasterxml.jackson.databind.JsonNode objectBody(String body, String expected) {
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = MAPPER.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw new ApiException(400, null, "malformed JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new ApiException(400, null, "the body must be " + expected);
        }
        return json;
    }

    /** Writes the body as JSON with the given status. */
    public void respond(Exchange exchange, Object body, int status) {
        String json;
        try {
            json = MAPPER.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        answer(exchange, status, "application/json", json);
    }

    /**
     * 404 with an empty body: the answer for a path nothing serves and for an unknown webhook token
     * alike, so the two cannot be told apart.
     */
    public void notFound(Exchange exchange) {
        answer(exchange, 404, "text/plain", "");
    }

    /**
     * Sets the whole answer. Camel would otherwise send the request's headers back as response
     * headers (a webhook's token, a signature, an Authorization header): only ours go out.
     */
    private static void answer(Exchange exchange, int status, String contentType, String body) {
        exchange.setException(null);
        org.apache.camel.Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setBody(body);
    }

    /** Pipeline of the REST routes: the body as a 200 JSON answer. */
    public void ok(Exchange exchange) {
        respond(exchange, exchange.getMessage().getBody(), 200);
    }

    /** The body as a 201 JSON answer (something was created). */
    public void created(Exchange exchange) {
        respond(exchange, exchange.getMessage().getBody(), 201);
    }

    /** The body as a 202 JSON answer (taken on, carried out after the answer). */
    public void accepted(Exchange exchange) {
        respond(exchange, exchange.getMessage().getBody(), 202);
    }

    /** The exception a bean threw, under the wrappers Camel's bean invocation adds around it. */
    private static Throwable meaningful(Throwable e) {
        Throwable t = e;
        while (t != null && t.getCause() != null && t.getCause() != t
                && (t instanceof org.apache.camel.RuntimeCamelException || t instanceof org.apache.camel.CamelExecutionException
                || t instanceof java.lang.reflect.InvocationTargetException)) {
            t = t.getCause();
        }
        return t;
    }

    /** The exchange's exception as a JSON error answer. */
    public void error(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e == null) {
            e = exchange.getException();
        }
        e = meaningful(e);
        int status;
        String field = null;
        String message = e == null ? "unknown error" : e.getMessage();
        if (e instanceof InvalidSignalException invalid) {
            status = invalid.status();
            field = invalid.field();
        } else if (e instanceof AuthenticationException auth) {
            if (auth.status() == 404) {
                notFound(exchange); // an unknown webhook token answers exactly like a path that does not exist
                return;
            }
            status = auth.status();
        } else if (e instanceof ApiException api) {
            status = api.status();
            field = api.field();
        } else if (e instanceof InvalidCopyRulesException rules) {
            status = 422;
            field = rules.field();
        } else if (e instanceof DeadLetters.DeadLetterStateException dl) {
            status = dl.status();
        } else {
            status = 500;
            LOG.error("request failed: {} {}", exchange.getMessage().getHeader(Exchange.HTTP_URI), message, e);
            message = "internal error; see the gateway log (exchange " + exchange.getExchangeId() + ")";
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        exchange.setException(null);
        respond(exchange, body, status);
    }
}
