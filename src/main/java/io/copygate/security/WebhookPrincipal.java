package io.copygate.security;

/** Who an authenticated webhook request speaks for: a master account of a tenant. */
public record WebhookPrincipal(String account, String tenant) {
}
