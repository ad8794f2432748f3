package io.pushgateway.emulator;

/** What a send addresses: FCM v1's four targets, which the legacy API knows too except {@link #FID}. */
public enum TargetKind {
    /** A registration token. */
    TOKEN("token"),
    /** A Firebase Installation ID ({@code message.fid}). */
    FID("fid"),
    /** A topic name, without {@code /topics/}. */
    TOPIC("topic"),
    /** A condition over topics, e.g. {@code 'a' in topics && 'b' in topics}. */
    CONDITION("condition");

    private final String jsonName;
    private final String v1Field;

    TargetKind(String jsonName) {
        this.jsonName = jsonName;
        this.v1Field = "message." + jsonName;
    }

    /** The name in JSON and in v1 messages: {@code token}, {@code fid}, {@code topic}, {@code condition}. */
    public String jsonName() {
        return jsonName;
    }

    /** The v1 message field that holds this target, as error answers name it. */
    String v1Field() {
        return v1Field;
    }
}
