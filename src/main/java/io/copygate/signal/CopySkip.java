package io.copygate.signal;

/**
 * A follower the planner did not copy a signal to, and why. Every skip is recorded, so
 * "why did my account not trade?" always has an answer.
 *
 * @param reasonCode a stable code for filtering ({@code LINK_PAUSED}, {@code SYMBOL_DENIED}, ...)
 * @param reason     the human sentence, with the numbers that decided it
 */
public record CopySkip(String signalId, String linkId, String followerAccount, String reasonCode, String reason) {
}
