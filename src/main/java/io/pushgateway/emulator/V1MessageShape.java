package io.pushgateway.emulator;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * FCM v1's {@code Message} as far as the emulator knows it (fields of the v1 reference, see
 * fcm-protocol notes section 1): a typo in a platform block is refused naming it, as FCM does,
 * instead of being dropped without a word.
 */
final class V1MessageShape {

    static final long MAX_TTL_SECONDS = 2_419_200;
    private static final Pattern ANALYTICS_LABEL = Pattern.compile("[a-zA-Z0-9-_.~%]{1,50}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final String FCM = "google.firebase.fcm.v1.";

    /** The value of {@code message} in a send request. */
    static final ProtoJsonShape.ObjectShape MESSAGE = new ProtoJsonShape.ObjectShape("message",
            "type.googleapis.com/" + FCM + "Message")
            .text("name", "token", "fid", "topic", "condition")
            .stringMap("data", "Message.DataEntry")
            .object("notification", FCM + "Notification", notification -> notification.text("title", "body", "image"))
            .object("android", FCM + "AndroidConfig", V1MessageShape::android)
            .object("apns", FCM + "ApnsConfig", V1MessageShape::apns)
            .object("webpush", FCM + "WebpushConfig", V1MessageShape::webpush)
            .object("fcm_options", FCM + "FcmOptions", options -> analyticsLabel(options));

    private V1MessageShape() {
    }

    private static void android(ProtoJsonShape.ObjectShape android) {
        android.text("collapse_key", "restricted_package_name")
                .enumOf("priority", "AndroidMessagePriority", Set.of("normal", "high", "NORMAL", "HIGH"))
                .ttl("ttl", MAX_TTL_SECONDS)
                .stringMap("data", "AndroidConfig.DataEntry")
                .bool("direct_boot_ok", "bandwidth_constrained_ok", "restricted_satellite_ok")
                .object("fcm_options", FCM + "AndroidFcmOptions", V1MessageShape::analyticsLabel)
                .object("notification", FCM + "AndroidNotification", V1MessageShape::androidNotification);
    }

    private static void androidNotification(ProtoJsonShape.ObjectShape notification) {
        notification.text("title", "body", "icon", "sound", "tag", "click_action", "body_loc_key", "title_loc_key",
                        "channel_id", "image", "ticker")
                .checkedText("color", color -> COLOR.matcher(color).matches(), "Invalid color format: must be #rrggbb")
                .textList("body_loc_args")
                .textList("title_loc_args")
                .bool("sticky", "local_only", "default_sound", "default_vibrate_timings", "default_light_settings")
                .timestamp("event_time")
                .enumOf("notification_priority", "AndroidNotification.NotificationPriority", Set.of(
                        "PRIORITY_UNSPECIFIED", "PRIORITY_MIN", "PRIORITY_LOW", "PRIORITY_DEFAULT", "PRIORITY_HIGH",
                        "PRIORITY_MAX"))
                .durationList("vibrate_timings")
                .object("light_settings", FCM + "LightSettings", light -> light
                        .object("color", "google.type.Color", color -> color.number("red", "green", "blue", "alpha"))
                        .duration("light_on_duration")
                        .duration("light_off_duration"))
                .enumOf("visibility", "AndroidNotification.Visibility", Set.of(
                        "VISIBILITY_UNSPECIFIED", "PRIVATE", "PUBLIC", "SECRET"))
                .int32("notification_count")
                .enumOf("proxy", "AndroidNotification.Proxy", Set.of(
                        "PROXY_UNSPECIFIED", "ALLOW", "DENY", "IF_PRIORITY_LOWERED"));
    }

    private static void apns(ProtoJsonShape.ObjectShape apns) {
        apns.stringMap("headers", "ApnsConfig.HeadersEntry")
                .struct("payload")
                .object("fcm_options", FCM + "ApnsFcmOptions", options -> analyticsLabel(options).text("image"))
                .text("live_activity_token");
    }

    private static void webpush(ProtoJsonShape.ObjectShape webpush) {
        webpush.stringMap("headers", "WebpushConfig.HeadersEntry")
                .stringMap("data", "WebpushConfig.DataEntry")
                .struct("notification")
                .object("fcm_options", FCM + "WebpushFcmOptions", options -> analyticsLabel(options)
                        .checkedText("link", link -> link.startsWith("https://"), "Invalid link: must be an https URL"));
    }

    private static ProtoJsonShape.ObjectShape analyticsLabel(ProtoJsonShape.ObjectShape options) {
        return options.checkedText("analytics_label", label -> ANALYTICS_LABEL.matcher(label).matches(),
                "Invalid analytics_label: must match ^[a-zA-Z0-9-_.~%]{1,50}$");
    }
}
