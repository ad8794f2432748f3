package io.pushgateway.core;

/**
 * What a request is sent to (contract section 2, "Targets"): exactly one kind per request.
 * Device kinds (tokens and installation ids) have an outcome per device; a topic or condition
 * is one send whose outcome is delivered, retry or dead letter, never a token update or delete.
 */
public enum TargetKind {
    /** {@code registration_tokens}: FCM registration tokens, v1 {@code message.token}. */
    TOKEN("registration_tokens", "token", "token"),
    /** {@code installation_ids}: Firebase Installation IDs, v1 {@code message.fid} (v1 only). */
    FID("installation_ids", "fid", "installation id"),
    /** {@code topic}: an FCM topic name without {@code /topics/}. */
    TOPIC("topic", "topic", "topic send"),
    /** {@code condition}: an FCM condition expression over topics. */
    CONDITION("condition", "condition", "condition send");

    private final String requestField;
    private final String messageField;
    private final String noun;

    TargetKind(String requestField, String messageField, String noun) {
        this.requestField = requestField;
        this.messageField = messageField;
        this.noun = noun;
    }

    /** The push request's field that holds this target. */
    public String requestField() {
        return requestField;
    }

    /**
     * The FCM v1 {@code Message} field that takes it; for device kinds also the key that names the
     * device in token events ({@code token} or {@code fid}).
     */
    public String messageField() {
        return messageField;
    }

    /** True for the kinds that list devices, each with its own outcome. */
    public boolean isDevice() {
        return this == TOKEN || this == FID;
    }

    /** "3 token(s)", "1 installation id(s)", "1 topic send(s)": for dead-letter details and logs. */
    public String count(int n) {
        return n + " " + noun + "(s)";
    }

    public String noun() {
        return noun;
    }
}
