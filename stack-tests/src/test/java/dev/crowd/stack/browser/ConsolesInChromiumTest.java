package dev.crowd.stack.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crowd.stack.LocalStack;
import dev.crowd.stack.LocalStackExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The three consoles in a real Chromium against the running local stack, every user signing in on
 * Keycloak's own login page: a requester creates, fills and submits a small job; two annotators (the
 * tests' own, see {@link RealmUsers}) label it with the keyboard only; the requester downloads the results; an admin sees both annotators; and
 * signing out ends the session. Screenshots of each console go to {@code target/screenshots/}.
 * The tests run in order and share the job; the deposit that funds it is made through the admin API,
 * because no console records deposits.
 */
@ExtendWith(ChromiumAvailable.class)
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolesInChromiumTest {

    /** Not the demo annotators: StackSmokeTest checks their earnings to the unit (see {@link RealmUsers}). */
    private static final List<String> ANNOTATORS = List.of("browser-anna", "browser-ben");
    /** Unique per run: the stack may be reused, and the requester's list then holds earlier runs' jobs. */
    private static final String TITLE = "Cats and dogs in Chromium " + UUID.randomUUID().toString().substring(0, 8);

    private static String jobId;
    private static boolean labeled;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @Test
    @Order(1)
    void requesterCreatesAndSubmitsASmallJob(@TempDir Path dir) throws IOException {
        fundRita();
        Browser rita = browsers.signedIn("rita");
        assertThat(rita.path()).isEqualTo("/ui/jobs");
        assertThat(rita.driver().findElement(By.cssSelector("header.top .who")).getText()).contains("rita");
        rita.screenshot("rita-console");

        assertThat(rita.unlabeledFields()).isEmpty();
        RequesterConsole console = new RequesterConsole(rita);
        console.open();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", TITLE);
        form.put("instructions", "Pick the animal named in the text.");
        form.put("taskType", "SINGLE_LABEL");
        form.put("labels", "cat|Cat|c\ndog|Dog|d");
        form.put("overlapMin", "2");
        form.put("overlapMax", "2");
        form.put("targetConfidence", "0.5");
        form.put("reward", "0.05");
        form.put("currency", "EUR");
        form.put("microJobSize", "2");
        form.put("leaseSeconds", "600");
        form.put("goldPerMicroJob", "0");
        // A reward finer than the money unit comes back as an error next to the reward field.
        form.put("reward", "0.00001");
        assertThat(console.createJobRefused(form, "reward")).contains("at most 4 decimals");
        rita.screenshot("rita-form-error");
        String id = console.createJob(Map.of("reward", "0.05"));
        assertThat(rita.driver().findElement(By.tagName("h1")).getText()).isEqualTo(TITLE);
        assertThat(console.status()).isEqualTo("DRAFT");
        assertThat(rita.unlabeledFields()).isEmpty();

        Path items = Files.writeString(dir.resolve("animals.jsonl"),
                "{\"id\": \"cat-1\", \"text\": \"a small cat on a sofa\"}\n{\"id\": \"dog-1\", \"text\": \"a big dog in the park\"}\n",
                StandardCharsets.UTF_8);
        assertThat(console.uploadItems(items)).startsWith("Imported").contains("2");
        rita.screenshot("rita-uploaded");

        assertThat(console.submit()).startsWith("Submitted");
        console.awaitStatus("ACTIVE", Duration.ofSeconds(60));
        assertThat(console.progress()).contains("0 of 2 items resolved");
        rita.screenshot("rita-job-active");
        jobId = id;
    }

    @Test
    @Order(2)
    void twoAnnotatorsLabelItWithTheKeyboard() {
        assumeTrue(jobId != null, "needs the job of requesterCreatesAndSubmitsASmallJob");
        ANNOTATORS.forEach(RealmUsers::ensureAnnotator);
        for (String name : ANNOTATORS) {
            Browser annotator = browsers.signedIn(name);
            assertThat(annotator.path()).isEqualTo("/ui/work");
            Workbench workbench = new Workbench(annotator);
            workbench.openForJob(jobId);
            if (name.equals(ANNOTATORS.getFirst())) {
                annotator.screenshot(name + "-workbench");
            }

            workbench.claimWithAccessKey();
            assertThat(workbench.assignmentTitle()).isEqualTo(TITLE);
            assertThat(workbench.itemCount()).isEqualTo(2);
            assertThat(workbench.position()).isEqualTo("Item 1 of 2");
            assertThat(workbench.labeled()).isZero();
            assertThat(workbench.leaseCountdown()).matches("\\d+:\\d\\d");
            assertThat(workbench.focused().getDomAttribute("type")).isEqualTo("radio");
            assertThat(annotator.unlabeledFields()).isEmpty();

            List<String> seen = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                seen.add(workbench.currentItem());
                workbench.labelCurrentItem(text -> text.contains("cat") ? "c" : "d");
                assertThat(workbench.labeled()).isEqualTo(i);
                if (i == 1) {
                    assertThat(workbench.position()).isEqualTo("Item 2 of 2");
                    annotator.screenshot(name + "-labeling");
                    // ← goes back to the first item with its label kept, → returns
                    workbench.move(Keys.ARROW_LEFT);
                    assertThat(workbench.position()).isEqualTo("Item 1 of 2");
                    assertThat(workbench.chosenLabel()).isEqualTo(seen.getFirst().contains("cat") ? "cat" : "dog");
                    workbench.move(Keys.ARROW_RIGHT);
                    assertThat(workbench.position()).isEqualTo("Item 2 of 2");
                    assertThat(workbench.chosenLabel()).isNull();
                }
            }
            assertThat(seen).anyMatch(t -> t.contains("a small cat")).anyMatch(t -> t.contains("a big dog"));
            // After the last item the focus is on the submit button; Enter sends the micro-job.
            assertThat(workbench.focused().getText()).isEqualTo("Submit answers");
            assertThat(workbench.submitWithEnter()).isEqualTo("Submitted 2 answers. Thank you!");
            annotator.screenshot(name + "-submitted");
            annotator.close();
        }
        labeled = true;
    }

    @Test
    @Order(3)
    void requesterSeesTheJobCompleteAndDownloadsTheResults() throws IOException {
        assumeTrue(labeled, "needs the answers of twoAnnotatorsLabelItWithTheKeyboard");
        Browser rita = browsers.signedIn("rita");
        RequesterConsole console = new RequesterConsole(rita);
        console.openJob(jobId);
        console.awaitStatus("COMPLETED", Duration.ofSeconds(90));
        assertThat(console.progress()).contains("2 of 2 items resolved (100%)").contains("4 judgments");
        rita.screenshot("rita-job-completed");

        Path csv = console.download("CSV", ".csv");
        assertThat(csv.getFileName().toString()).isEqualTo("job-" + jobId + "-results.csv");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.getFirst()).startsWith("item_id,external_id,label,");
        assertThat(lines.subList(1, lines.size())).hasSize(2)
                .anyMatch(l -> l.contains(",cat-1,cat,"))
                .anyMatch(l -> l.contains(",dog-1,dog,"));
    }

    @Test
    @Order(4)
    void adminSeesBothAnnotatorsAndABalancedLedger() {
        assumeTrue(labeled, "needs the answers of twoAnnotatorsLabelItWithTheKeyboard");
        List<String> annotatorIds = ANNOTATORS.stream().map(ConsolesInChromiumTest::subject).toList();
        Browser ada = browsers.signedIn("ada");
        assertThat(ada.path()).isEqualTo("/ui/admin");
        assertThat(ada.unlabeledFields()).isEmpty();
        AdminConsole console = new AdminConsole(ada);
        console.awaitWorkers(annotatorIds, Duration.ofSeconds(60));
        assertThat(console.workforce()).contains("Trust histogram");
        assertThat(console.runLedgerCheck()).startsWith("Ledger balances");
        ada.screenshot("ada-console");
    }

    @Test
    @Order(5)
    void signingOutEndsTheSession() {
        Browser rita = browsers.signedIn("rita");
        rita.signOut();
        rita.screenshot("signed-out");
        // The console asks for the password again: the gateway's session and Keycloak's are both gone.
        rita.go("/ui/jobs");
        rita.waitUntil(d -> d.getCurrentUrl().startsWith(LocalStack.KEYCLOAK + "/realms/crowd/") ? true : null);
        assertThat(rita.waitFor(By.id("username")).isDisplayed()).isTrue();
        assertThat(rita.driver().findElements(By.id("password"))).hasSize(1);
        rita.screenshot("login-again");
    }

    /** 100 EUR for rita, once per stack (one idempotency key): funds hundreds of these 0.24 EUR jobs. */
    private static void fundRita() {
        String rita = LocalStack.token("rita");
        String ritaId = given().auth().oauth2(rita).when().get(LocalStack.GATEWAY + "/api/payments/accounts/me")
                .then().statusCode(200).extract().path("owner");
        given().auth().oauth2(LocalStack.token("ada")).header("Idempotency-Key", "browser-test-deposit-" + ritaId)
                .contentType("application/json")
                .body(Map.of("requesterId", ritaId, "amount", 1_000_000L, "currency", "EUR", "reference", "browser test"))
                .when().post(LocalStack.GATEWAY + "/api/payments/admin/deposits")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** A user's Keycloak subject, which is their worker id. */
    private static String subject(String user) {
        String payload = LocalStack.token(user).split("\\.")[1];
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(payload)).get("sub").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
