package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushgateway.helm.HelmChart.Rendered;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fcm.projects: further Firebase projects, each with its service-account file mounted on its own
 * and named to the gateway as push.fcm.projects.&lt;name&gt;.credentials / project-id.
 */
class ChartFcmProjectsTest {

    private static final String TWO_PROJECTS = """
            fcm:
              projects:
                - name: shop
                  projectId: shop-prod
                  credentialsJson: '{"type":"service_account","client_email":"shop@example.invalid"}'
                - name: news
                  rateLimit: 500
                  existingSecret: news-fcm
                  existingSecretKey: key.json
            """;

    @Test
    void twoProjectsGetTheirSecretsMountsAndSettings() {
        Rendered chart = HelmChart.render(TWO_PROJECTS);

        JsonNode shopSecret = chart.get("Secret", HelmChart.RELEASE + "-fcm-shop");
        assertThat(decoded(shopSecret, "service-account.json")).contains("shop@example.invalid");
        assertThat(chart.find("Secret", HelmChart.RELEASE + "-fcm-news")).isNull();

        assertThat(ChartRoutesTest.volume(chart, "fcm-project-shop").path("secret").path("secretName").asText())
                .isEqualTo(HelmChart.RELEASE + "-fcm-shop");
        JsonNode newsVolume = ChartRoutesTest.volume(chart, "fcm-project-news").path("secret");
        assertThat(newsVolume.path("secretName").asText()).isEqualTo("news-fcm");
        assertThat(newsVolume.path("items").get(0).path("key").asText()).isEqualTo("key.json");
        assertThat(newsVolume.path("items").get(0).path("path").asText()).isEqualTo("service-account.json");

        assertThat(mountPath(chart, "fcm-project-shop")).isEqualTo("/var/run/secrets/push-gateway/projects/shop");
        assertThat(mountPath(chart, "fcm-project-news")).isEqualTo("/var/run/secrets/push-gateway/projects/news");
        assertThat(chart.env("PUSH_FCM_PROJECTS_SHOP_CREDENTIALS").path("value").asText())
                .isEqualTo("/var/run/secrets/push-gateway/projects/shop/service-account.json");
        assertThat(chart.env("PUSH_FCM_PROJECTS_NEWS_CREDENTIALS").path("value").asText())
                .isEqualTo("/var/run/secrets/push-gateway/projects/news/service-account.json");
        assertThat(chart.config())
                .containsEntry("PUSH_FCM_PROJECTS_SHOP_PROJECT_ID", "shop-prod")
                .containsEntry("PUSH_FCM_PROJECTS_NEWS_RATE_LIMIT", "500")
                .doesNotContainKey("PUSH_FCM_PROJECTS_NEWS_PROJECT_ID");
        assertThat(chart.config().values()).noneMatch(v -> v.contains("shop@example.invalid"));
        assertThat(chart.podAnnotations().path("checksum/fcm-projects").asText()).matches("[0-9a-f]{64}");
    }

    @Test
    void withoutProjectsNothingOfThemIsRendered() {
        Rendered chart = HelmChart.render();

        assertThat(chart.names()).noneMatch(n -> n.contains("-fcm-"));
        assertThat(chart.container().path("env").toString()).doesNotContain("PUSH_FCM_PROJECTS_");
        assertThat(chart.podAnnotations().has("checksum/fcm-projects")).isFalse();
    }

    @Test
    void changingAProjectsCredentialsRollsThePods() {
        String one = HelmChart.render("fcm: {projects: [{name: shop, credentialsJson: '{\"a\":1}'}]}")
                .podAnnotations().path("checksum/fcm-projects").asText();
        String two = HelmChart.render("fcm: {projects: [{name: shop, credentialsJson: '{\"a\":2}'}]}")
                .podAnnotations().path("checksum/fcm-projects").asText();

        assertThat(two).isNotEqualTo(one);
    }

    static Stream<Arguments> badProjects() {
        return Stream.of(
                Arguments.of("a project without credentials", "fcm: {projects: [{name: shop, projectId: shop-prod}]}",
                        "/fcm/projects/0"),
                Arguments.of("a project with empty credentials", "fcm: {projects: [{name: shop, credentialsJson: ''}]}",
                        "/fcm/projects/0"),
                Arguments.of("a name with capitals", "fcm: {projects: [{name: Shop, existingSecret: s}]}",
                        "/fcm/projects/0/name"),
                Arguments.of("a name with a dash", "fcm: {projects: [{name: my-shop, existingSecret: s}]}",
                        "/fcm/projects/0/name"),
                Arguments.of("the default project's name", "fcm: {projects: [{name: default, existingSecret: s}]}",
                        "/fcm/projects/0/name"),
                Arguments.of("an unknown key", "fcm: {projects: [{name: shop, existingSecret: s, credentials: x}]}",
                        "additional properties 'credentials' not allowed"),
                Arguments.of("a name given twice",
                        "fcm: {projects: [{name: shop, existingSecret: s}, {name: shop, existingSecret: t}]}",
                        "names the project 'shop' twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProjects")
    void refusesProjectsThatCannotWork(String what, String values, String expected) {
        assertThat(HelmChart.renderFailure(values)).contains(expected);
    }

    private static String mountPath(Rendered chart, String volume) {
        for (JsonNode mount : chart.container().path("volumeMounts")) {
            if (volume.equals(mount.path("name").asText())) {
                assertThat(mount.path("readOnly").asBoolean()).isTrue();
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("no mount of volume " + volume);
    }

    private static String decoded(JsonNode secret, String key) {
        return new String(Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
    }
}
