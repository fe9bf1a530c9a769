package io.pulseboard.gateway.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class DashboardHeadersTest {

    @Test
    void theDashboardPageAndItsAssetsComeWithAStrictPolicy() {
        for (String path : new String[] {"/", "/index.html", "/assets/app.js", "/assets/style.css"}) {
            String policy = given().get(path)
                    .then()
                    .statusCode(200)
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .extract()
                    .header("Content-Security-Policy");
            assertThat(policy)
                    .as(path)
                    .contains(
                            "default-src 'none'",
                            "script-src 'self'",
                            "style-src 'self'",
                            "connect-src 'self'",
                            "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
        }
        given().get("/assets/app.js").then().contentType(containsString("javascript"));
    }

    @Test
    void thePageLoadsItsBundleAsAModuleWithoutInlineCode() {
        String page = given().get("/").then().statusCode(200).extract().asString();
        assertThat(page)
                .contains("<script type=\"module\" src=\"assets/app.js\"></script>")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContain("style=", "<style", " onclick=", " onload=");
    }

    @Test
    void theApiAndTheQuarkusEndpointsAreLeftAsTheyWere() {
        given().get("/q/health/live").then().statusCode(200).header("Content-Security-Policy", nullValue());
        given().get("/api/streams").then().header("Content-Security-Policy", nullValue());
    }

    @Test
    void onlyTheDashboardsPathsAreDashboard() {
        assertThat(DashboardHeaders.isDashboard("/")).isTrue();
        assertThat(DashboardHeaders.isDashboard("/assets/app.js")).isTrue();
        assertThat(DashboardHeaders.isDashboard("/wsx")).isTrue();
        assertThat(DashboardHeaders.isDashboard("/ws")).isFalse();
        assertThat(DashboardHeaders.isDashboard("/api/rules")).isFalse();
        assertThat(DashboardHeaders.isDashboard("/q/metrics")).isFalse();
    }
}
