package dev.crowd.qualitybench;

import dev.crowd.consensus.AnswerSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One truth-inference dataset folder: {@code answers.csv} (item,worker,label) and {@code truth.csv}
 * (item,label). Truth is never given to the methods; it is only used for scoring.
 */
public record Dataset(String name, AnswerSet answers, Map<String, String> truth) {

    /** Every dataset folder directly under {@code root} (those with both files), in name order. */
    public static List<Path> folders(Path root) {
        try (var stream = Files.list(root)) {
            return stream.filter(p -> Files.isRegularFile(p.resolve("answers.csv"))
                            && Files.isRegularFile(p.resolve("truth.csv")))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dataset load(Path folder) {
        List<String[]> answers = rows(folder.resolve("answers.csv"), 3);
        List<String[]> truthRows = rows(folder.resolve("truth.csv"), 2);
        TreeSet<String> labels = new TreeSet<>(Dataset::compareLabels);
        answers.forEach(r -> labels.add(r[2]));
        truthRows.forEach(r -> labels.add(r[1]));
        AnswerSet.Builder builder = AnswerSet.builder(new ArrayList<>(labels));
        for (String[] r : answers) {
            builder.answer(r[0], r[1], r[2]);
        }
        Map<String, String> truth = new LinkedHashMap<>();
        truthRows.forEach(r -> truth.put(r[0], r[1]));
        return new Dataset(folder.getFileName().toString(), builder.build(), truth);
    }

    /** Numeric labels in numeric order (the class indices of the sources), others as text. */
    static int compareLabels(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static List<String[]> rows(Path file, int columns) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String[]> rows = new ArrayList<>(lines.size());
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length < columns) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + " has fewer than " + columns + " columns");
                }
                rows.add(cells);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
