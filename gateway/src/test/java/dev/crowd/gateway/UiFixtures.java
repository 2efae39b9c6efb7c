package dev.crowd.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the stub services answer to the calls the web UI pages make (direct calls, not through the proxy),
 * shaped like the real services.
 */
final class UiFixtures {

    static boolean answer(HttpServerRequest request, Buffer body) {
        if (request.getHeader("X-Forwarded-For") != null) {
            return false; // came through the proxy: the echo tests want the echo
        }
        String path = request.path();
        HttpMethod method = request.method();
        if (method == HttpMethod.POST && path.equals("/work/next")) {
            String jobId = request.getParam("jobId");
            // a claim limited to one job says which job the service was asked for
            return json(request, 200, jobId == null ? assignment() : assignment().put("jobId", jobId).put("title", "Only " + jobId));
        }
        if (method == HttpMethod.GET && path.equals("/assignments/a-1")) {
            return json(request, 200, assignment());
        }
        if (method == HttpMethod.POST && path.equals("/assignments/a-1/answers")) {
            JsonArray answers = body.toJsonObject().getJsonArray("answers");
            for (int i = 0; i < answers.size(); i++) {
                if (!answers.getJsonObject(i).getString("label").matches("cat|dog")) {
                    return json(request, 400, new JsonObject().put("title", "Invalid request").put("status", 400)
                            .put("detail", "answers[" + i + "].label: not in the label set")
                            .put("errors", new JsonArray().add(new JsonObject()
                                    .put("field", "answers[" + i + "].label").put("message", "not in the label set"))));
                }
            }
            return json(request, 200, new JsonObject().put("assignmentId", "a-1").put("status", "SUBMITTED")
                    .put("answers", answers.size())
                    .put("firstItem", answers.getJsonObject(0).getString("itemId"))
                    .put("firstLabel", answers.getJsonObject(0).getString("label")));
        }
        if (method == HttpMethod.GET && path.equals("/jobs")) {
            return json(request, 200, new JsonArray().add(new JsonObject()
                    .put("id", "j-1").put("title", "Cats or dogs").put("status", "OPEN")
                    .put("progress", new JsonObject().put("itemsTotal", 10).put("itemsResolved", 4).put("judgments", 12)
                            .put("spent", new JsonObject().put("amount", 6000).put("currency", "EUR")))));
        }
        if (method == HttpMethod.POST && path.equals("/jobs")) {
            JsonObject job = body.toJsonObject();
            if ("bad".equals(job.getString("title"))) {
                return json(request, 400, new JsonObject().put("title", "Invalid request").put("status", 400)
                        .put("detail", "reward.amount: must be greater than or equal to 1")
                        .put("errors", new JsonArray().add(new JsonObject()
                                .put("field", "reward.amount").put("message", "must be greater than or equal to 1"))));
            }
            // The id tells the test what arrived: the reward in minor units and the number of labels.
            String id = "j-" + job.getJsonObject("reward").getLong("amount") + "-" + job.getJsonArray("labels").size();
            request.response().putHeader("Location", "http://" + request.authority() + "/jobs/" + id);
            return json(request, 201, new JsonObject().put("id", id).put("status", "DRAFT"));
        }
        if (method == HttpMethod.GET && path.equals("/jobs/j-1")) {
            return json(request, 200, new JsonObject().put("id", "j-1").put("title", "Cats or dogs").put("status", "DRAFT")
                    .put("taskType", "SINGLE_LABEL")
                    .put("reward", new JsonObject().put("amount", 500).put("currency", "EUR"))
                    .put("progress", new JsonObject().put("itemsTotal", 10).put("itemsResolved", 4).put("judgments", 12)
                            .put("spent", new JsonObject().put("amount", 6000).put("currency", "EUR"))));
        }
        if (method == HttpMethod.POST && path.equals("/jobs/j-1/submit")) {
            return json(request, 409, new JsonObject().put("title", "Conflict").put("status", 409)
                    .put("detail", "Your balance does not cover the budget")
                    .put("shortfall", new JsonObject().put("amount", 125000).put("currency", "EUR")));
        }
        if (method == HttpMethod.GET && path.equals("/jobs/j-1/quality")) {
            return json(request, 200, new JsonObject().put("jobId", "j-1")
                    .put("goldAccuracy", new JsonObject().put("count", 9).put("total", 10).put("rate", 0.9))
                    .put("agreement", new JsonObject().put("count", 8).put("total", 10).put("rate", 0.8))
                    .put("items", new JsonObject().put("open", 6).put("resolved", 4).put("lowConfidence", 1).put("gold", 2))
                    .put("judgments", new JsonObject().put("total", 12).put("accepted", 11).put("rejected", 1))
                    .put("confidenceHistogram", new JsonArray()
                            .add(new JsonObject().put("from", 0.5).put("to", 0.75).put("count", 1))
                            .add(new JsonObject().put("from", 0.75).put("to", 1.0).put("count", 3)))
                    .put("labelDistribution", new JsonObject().put("cat", 7).put("dog", 5))
                    .put("labelConfusion", new JsonObject().put("labels", new JsonArray().add("cat").add("dog"))
                            .put("counts", new JsonArray().add(new JsonArray().add(6).add(1)).add(new JsonArray().add(1).add(4)))));
        }
        if (method == HttpMethod.GET && path.equals("/workers/me/quality")) {
            return json(request, 200, new JsonObject().put("workerId", "ui-anna")
                    .put("goldAccuracy", new JsonObject().put("count", 19).put("total", 20).put("rate", 0.95))
                    .put("agreement", new JsonObject().put("count", 17).put("total", 20).put("rate", 0.85))
                    .put("accepted", 40).put("rejected", 3).put("pendingReview", 2).put("pendingAppeals", 1));
        }
        if (method == HttpMethod.GET && path.equals("/me/sanctions")) {
            return json(request, 200, new JsonArray().add(new JsonObject().put("id", "s-1").put("rule", "GOLD_ACCURACY")
                    .put("action", "SUSPEND").put("scope", "PLATFORM").put("reason", "gold accuracy below 60%")
                    .put("evidence", new JsonObject().put("goldAccuracy", 0.55).put("window", 20)).put("active", true)));
        }
        if (method == HttpMethod.GET && path.equals("/appeals")) {
            return json(request, 200, new JsonArray().add(new JsonObject().put("id", "qa-1").put("workerId", "w-anna")
                    .put("answer", "dog").put("rejectionReason", "gold item says cat").put("comment", "It is a dog")
                    .put("status", "PENDING")));
        }
        if (method == HttpMethod.POST && path.equals("/appeals/qa-1/decision")) {
            String outcome = body.toJsonObject().getString("outcome");
            return json(request, "UPHOLD".equals(outcome) ? 200 : 409, new JsonObject().put("id", "qa-1").put("status", outcome)
                    .put("detail", "already decided"));
        }
        if (method == HttpMethod.GET && path.equals("/admin/workforce")) {
            return json(request, 200, new JsonObject().put("total", 3)
                    .put("byStatus", new JsonObject().put("ACTIVE", 2).put("BANNED", 1))
                    .put("trustHistogram", new JsonArray().add(0).add(0).add(0).add(0).add(0).add(1).add(0).add(1).add(1).add(0))
                    .put("openAppeals", 1));
        }
        if (method == HttpMethod.GET && path.equals("/workers") && request.getHeader("Authorization") != null) {
            return json(request, 200, new JsonObject().put("page", 0).put("size", 20).put("total", 1)
                    .put("items", new JsonArray().add(new JsonObject().put("id", "w-anna").put("displayName", "Anna")
                            .put("status", "ACTIVE").put("trust", 82).put("skills", new JsonArray().add("en")))));
        }
        return false;
    }

    private static JsonObject assignment() {
        return new JsonObject()
                    .put("id", "a-1").put("jobId", "j-1").put("title", "Cats or dogs")
                    .put("instructions", "Pick the animal in the picture")
                    .put("taskType", "SINGLE_LABEL").put("status", "LEASED")
                    .put("leaseEndsAt", "2099-01-01T00:00:00Z")
                    .put("labels", new JsonArray()
                            .add(new JsonObject().put("key", "cat").put("displayName", "Cat").put("hotkey", "c"))
                            .add(new JsonObject().put("key", "dog").put("displayName", "Dog").put("hotkey", "d")))
                    .put("items", new JsonArray()
                            .add(new JsonObject().put("id", "i-1").put("data", new JsonObject().put("text", "A purring animal")))
                            .add(new JsonObject().put("id", "i-2").put("data", new JsonObject().put("image", "https://img.example/dog.png"))));
    }

    private static boolean json(HttpServerRequest request, int status, Object body) {
        String type = status >= 400 ? "application/problem+json" : "application/json";
        request.response().setStatusCode(status).putHeader("content-type", type)
                .end(body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
        return true;
    }

    private UiFixtures() {
    }
}
