package io.copygate.copy;

/**
 * A master → follower relation with the follower's rules, as the planner sees it.
 *
 * @param followerStatus the follower account's status ({@code active}, {@code disabled}, {@code failed})
 * @param active         false when the link is paused
 */
public record CopyLink(String id, String tenant, String masterAccount, String followerAccount, String followerBroker,
                       String followerStatus, String followerStatusReason, boolean active, CopyRules rules) {
}
