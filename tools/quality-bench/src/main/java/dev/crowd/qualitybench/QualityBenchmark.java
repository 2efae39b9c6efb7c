package dev.crowd.qualitybench;

import dev.crowd.consensus.Aggregator;
import dev.crowd.consensus.AnswerSet;
import dev.crowd.consensus.ConsensusResult;
import dev.crowd.consensus.DawidSkene;
import dev.crowd.consensus.Glad;
import dev.crowd.consensus.MajorityVote;
import dev.crowd.consensus.OneCoinDawidSkene;
import dev.crowd.consensus.WeightedVote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every consensus method on every dataset under a folder and prints, per dataset and method,
 * {@code quality dataset=<name> method=<name> accuracy=<0.xxxx> scored=<items> seconds=<s>}.
 *
 * <p>Scoring (BASELINES.md): accuracy over the truth items that have at least one answer; a method's
 * label is its own deterministic decision (ties to the first label), never a random guess. For S_Adult
 * this means the 333 answered truth items, comparable with Crowd-Kit's column, not Zheng's.
 *
 * <p>Usage: {@code QualityBenchmark [datasets-folder] [--docs <file>|--no-docs]}. Defaults: the folder
 * {@code ../shared/datasets/truth-inference} next to the repository root, and {@code docs/quality.md}
 * in the repository root (only the part between the result markers is rewritten).
 */
public final class QualityBenchmark {

    /** The method the service uses by default. */
    public static final String DEFAULT_METHOD = DawidSkene.NAME;

    public record Line(String dataset, String method, double accuracy, int scored, double seconds) {
        String format() {
            return String.format(Locale.ROOT, "quality dataset=%s method=%s accuracy=%.4f scored=%d seconds=%.3f",
                    dataset, method, accuracy, scored, seconds);
        }
    }

    public static List<Aggregator> methods() {
        return List.of(new MajorityVote(), WeightedVote.byAgreement(), new DawidSkene(), new OneCoinDawidSkene(),
                new Glad());
    }

    public static void main(String[] args) throws IOException {
        Path root = repositoryRoot();
        Path datasets = null;
        Path docs = root.resolve("docs/quality.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--docs" -> docs = Path.of(args[++i]);
                case "--no-docs" -> docs = null;
                default -> datasets = Path.of(args[i]);
            }
        }
        if (datasets == null) {
            datasets = root.resolve("../shared/datasets/truth-inference").normalize();
        }
        if (!Files.isDirectory(datasets) || Dataset.folders(datasets).isEmpty()) {
            System.out.println("quality benchmark skipped: no datasets folder at " + datasets.toAbsolutePath());
            return;
        }
        List<Line> lines = run(datasets, line -> System.out.println(line.format()));
        if (docs != null) {
            QualityReport.write(docs, lines);
            System.out.println("quality report written to " + docs.toAbsolutePath());
        }
    }

    public static List<Line> run(Path datasets, java.util.function.Consumer<Line> out) {
        List<Line> lines = new ArrayList<>();
        for (Path folder : Dataset.folders(datasets)) {
            Dataset dataset = Dataset.load(folder);
            for (Aggregator method : methods()) {
                long started = System.nanoTime();
                ConsensusResult result = method.aggregate(dataset.answers());
                double seconds = (System.nanoTime() - started) / 1e9;
                Line line = score(dataset, result, seconds);
                lines.add(line);
                out.accept(line);
            }
        }
        return lines;
    }

    /** Accuracy over truth items with at least one answer. */
    public static Line score(Dataset dataset, ConsensusResult result, double seconds) {
        AnswerSet data = dataset.answers();
        int scored = 0;
        int correct = 0;
        for (Map.Entry<String, String> truth : dataset.truth().entrySet()) {
            int i = data.itemIndex(truth.getKey());
            if (i < 0 || data.start(i) == data.end(i)) {
                continue;
            }
            scored++;
            if (truth.getValue().equals(result.labelOf(i))) {
                correct++;
            }
        }
        return new Line(dataset.name(), result.method(), scored == 0 ? 0 : (double) correct / scored, scored, seconds);
    }

    /** Accuracy per dataset for one method. */
    public static Map<String, Double> accuracyOf(List<Line> lines, String method) {
        Map<String, Double> out = new LinkedHashMap<>();
        lines.stream().filter(l -> l.method().equals(method)).forEach(l -> out.put(l.dataset(), l.accuracy()));
        return out;
    }

    /** The folder holding tools/quality-bench and the root pom, searched upwards from the working directory. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("tools/quality-bench")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return dir;
    }

    private QualityBenchmark() {
    }
}
