package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V1PlatformBlocksTest {

    private static final String PROJECT = "blocks-project";
    /** Every field the emulator knows, each with a valid value. */
    private static final String EVERY_FIELD = """
            "name":"projects/blocks-project/messages/1",
            "data":{"k":"v"},
            "notification":{"title":"t","body":"b","image":"https://example.invalid/i.png"},
            "android":{"collapse_key":"c","priority":"HIGH","ttl":"3.5s","restricted_package_name":"com.example",
              "data":{"a":"b"},"direct_boot_ok":true,"bandwidth_constrained_ok":false,"restricted_satellite_ok":true,
              "fcm_options":{"analytics_label":"label_1"},
              "notification":{"title":"t","body":"b","icon":"ic","color":"#1a2B3c","sound":"default","tag":"tg",
                "click_action":"OPEN","body_loc_key":"k","body_loc_args":["x","y"],"title_loc_key":"k",
                "title_loc_args":[],"channel_id":"ch","image":"https://example.invalid/i.png","ticker":"tk",
                "sticky":false,"event_time":"2026-12-02T06:00:00.5Z","local_only":true,
                "notification_priority":"PRIORITY_HIGH","default_sound":true,"default_vibrate_timings":false,
                "vibrate_timings":["0.5s","1s"],"default_light_settings":false,
                "light_settings":{"color":{"red":1,"green":0.5,"blue":0,"alpha":1},
                  "light_on_duration":"1s","light_off_duration":"2.25s"},
                "visibility":"PRIVATE","notification_count":3,"proxy":"ALLOW"}},
            "apns":{"headers":{"apns-priority":"5"},"payload":{"aps":{"badge":3,"sound":"ping.aiff"},"custom":[1,2]},
              "fcm_options":{"analytics_label":"l","image":"https://example.invalid/i.png"},"live_activity_token":"lat"},
            "webpush":{"headers":{"TTL":"60"},"data":{"w":"x"},"notification":{"title":"t","actions":[{"action":"a"}]},
              "fcm_options":{"link":"https://example.invalid/open","analytics_label":"w"}},
            "fcm_options":{"analytics_label":"top"}
            """;

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.serving(PROJECT);

    private static final EmulatorHttp http = new EmulatorHttp();

    @Test
    void acceptsEveryFieldFcmKnowsWithValidValues() {
        HttpResponse<String> response = sendWith(EVERY_FIELD);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void acceptsTheLowerCamelCaseNamesOfBlockFields() {
        HttpResponse<String> response = sendWith("""
                "android":{"collapseKey":"c","restrictedPackageName":"p","directBootOk":true,
                  "notification":{"clickAction":"x","notificationPriority":"PRIORITY_MIN","lightSettings":{"lightOnDuration":"1s"}}},
                "apns":{"liveActivityToken":"t","fcmOptions":{"analyticsLabel":"a"}},
                "webpush":{"fcmOptions":{"link":"https://example.invalid"}}
                """);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void refusesAnUnknownApnsFieldNamingItAndTheBlock() {
        HttpResponse<String> response = sendWith("\"apns\":{\"headers\":{},\"xyz\":1}");

        assertThat(response.statusCode()).isEqualTo(400);
        String text = "Invalid JSON payload received. Unknown name \"xyz\" at 'message.apns': Cannot find field.";
        assertThat(EmulatorHttp.json(response)).isEqualTo(EmulatorHttp.parse("""
                {"error":{"code":400,"message":"%s","status":"INVALID_ARGUMENT",
                  "details":[{"@type":"type.googleapis.com/google.rpc.BadRequest",
                              "fieldViolations":[{"field":"message.apns","description":"%s"}]}]}}
                """.formatted(text.replace("\"", "\\\""), text.replace("\"", "\\\""))));
    }

    @ParameterizedTest(name = "{0} is unknown at {1}")
    @CsvSource(delimiter = '|', value = {
            "\"android\":{\"notification\":{\"badge\":1}}             | message.android.notification | badge",
            "\"android\":{\"fcm_options\":{\"link\":\"https://x\"}}   | message.android.fcm_options  | link",
            "\"android\":{\"notification\":{\"light_settings\":{\"on\":1}}} | message.android.notification.light_settings | on",
            "\"webpush\":{\"fcm_options\":{\"image\":\"https://x\"}}  | message.webpush.fcm_options  | image",
            "\"apns\":{\"fcm_options\":{\"link\":\"https://x\"}}      | message.apns.fcm_options     | link",
            "\"fcm_options\":{\"label\":\"x\"}                        | message.fcm_options          | label",
            "\"notification\":{\"icon\":\"ic\"}                       | message.notification         | icon",
            "\"priority\":\"high\"                                    | message                      | priority",
    })
    void refusesUnknownNamesNamingTheObjectThatHoldsThem(String fields, String holder, String name) {
        HttpResponse<String> response = sendWith(fields);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = EmulatorHttp.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("message").asText())
                .isEqualTo("Invalid JSON payload received. Unknown name \"" + name + "\" at '" + holder + "': Cannot find field.");
        assertThat(error.at("/details/0/fieldViolations/0/field").asText()).isEqualTo(holder);
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(delimiter = '|', value = {
            "\"android\":{\"priority\":\"urgent\"}                    | message.android.priority",
            "\"android\":{\"priority\":1}                             | message.android.priority",
            "\"android\":\"high\"                                     | message.android",
            "\"apns\":[]                                              | message.apns",
            "\"webpush\":7                                            | message.webpush",
            "\"fcm_options\":\"x\"                                    | message.fcm_options",
            "\"android\":{\"ttl\":\"3600\"}                           | message.android.ttl",
            "\"android\":{\"ttl\":3600}                               | message.android.ttl",
            "\"android\":{\"ttl\":\"1.5.5s\"}                         | message.android.ttl",
            "\"android\":{\"ttl\":\"2419201s\"}                       | message.android.ttl",
            "\"android\":{\"ttl\":\"-1s\"}                            | message.android.ttl",
            "\"android\":{\"direct_boot_ok\":\"yes\"}                 | message.android.direct_boot_ok",
            "\"android\":{\"data\":{\"a\":\"b\",\"n\":1}}             | message.android.data[1].value",
            "\"android\":{\"notification\":{\"color\":\"red\"}}       | message.android.notification.color",
            "\"android\":{\"notification\":{\"body_loc_args\":[\"a\",2]}} | message.android.notification.body_loc_args[1]",
            "\"android\":{\"notification\":{\"vibrate_timings\":[\"1\"]}} | message.android.notification.vibrate_timings[0]",
            "\"android\":{\"notification\":{\"notification_count\":1.5}} | message.android.notification.notification_count",
            "\"android\":{\"notification\":{\"visibility\":\"HIDDEN\"}} | message.android.notification.visibility",
            "\"android\":{\"notification\":{\"event_time\":\"yesterday\"}} | message.android.notification.event_time",
            "\"android\":{\"fcm_options\":{\"analytics_label\":\"has space\"}} | message.android.fcm_options.analytics_label",
            "\"apns\":{\"headers\":{\"apns-priority\":10}}            | message.apns.headers[0].value",
            "\"apns\":{\"payload\":\"aps\"}                           | message.apns.payload",
            "\"webpush\":{\"fcm_options\":{\"link\":\"http://example.invalid\"}} | message.webpush.fcm_options.link",
            "\"webpush\":{\"notification\":[1]}                       | message.webpush.notification",
            "\"fcm_options\":{\"analytics_label\":\"\"}               | message.fcm_options.analytics_label",
            "\"notification\":{\"title\":5}                           | message.notification.title",
    })
    void refusesWrongValuesOfKnownFieldsNamingTheField(String fields, String field) {
        HttpResponse<String> response = sendWith(fields);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = EmulatorHttp.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("details").findValues("field")).extracting(JsonNode::asText).containsExactly(field);
        assertThat(error.toString()).doesNotContain("message.token");
    }

    @Test
    void acceptsNullForAnyBlockAsProto3JsonDoes() {
        assertThat(sendWith("\"android\":null,\"apns\":{\"payload\":null},\"webpush\":null").statusCode()).isEqualTo(200);
    }

    @Test
    void acceptsLowerCasePrioritiesAsFcmDocumentsThem() {
        assertThat(sendWith("\"android\":{\"priority\":\"normal\",\"ttl\":\"0s\"}").statusCode()).isEqualTo(200);
        assertThat(sendWith("\"android\":{\"priority\":\"high\",\"ttl\":\"2419200s\"}").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> sendWith(String moreFields) {
        String body = "{\"message\":{\"token\":\"block-" + UUID.randomUUID() + "\"," + moreFields + "}}";
        return http.post(fcm.emulator().v1SendUrl(PROJECT), body, "Authorization", "Bearer " + fcm.bearer());
    }
}
