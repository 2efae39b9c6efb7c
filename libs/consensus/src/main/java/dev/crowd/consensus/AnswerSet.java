package dev.crowd.consensus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Categorical answers in dense, int-indexed form: the input of every {@link Aggregator}.
 *
 * <p>Items and workers are renumbered once, in the sorted order of their ids, and answers are stored
 * sorted by (item, worker, label) in compressed rows per item. So every method sees the same arrays
 * in the same order whatever order the answers were added in, and its results are deterministic.
 * Classes keep the order of the label set given to the builder; a tie is always broken towards the
 * class that comes first in it.
 *
 * <p>Duplicate (item, worker) answers are kept, each counting as one answer.
 */
public final class AnswerSet {

    private final String[] classes;
    private final String[] items;
    private final String[] workers;
    private final int[] itemStart;
    private final int[] worker;
    private final int[] label;
    private final int[] gold;
    private final int workerCount;

    private AnswerSet(String[] classes, String[] items, String[] workers, int workerCount, int[] itemStart,
                      int[] worker, int[] label, int[] gold) {
        this.classes = classes;
        this.workerCount = workerCount;
        this.items = items;
        this.workers = workers;
        this.itemStart = itemStart;
        this.worker = worker;
        this.label = label;
        this.gold = gold;
    }

    public static Builder builder(List<String> classes) {
        return new Builder(classes);
    }

    /**
     * Already-dense input (synthetic benchmarks): answer {@code a} is worker {@code worker[a]} giving class
     * {@code label[a]} to item {@code item[a]}; ids become the decimal indices. {@code gold} may be null.
     */
    public static AnswerSet ofIndices(int classCount, int itemCount, int workerCount,
                                      int[] item, int[] worker, int[] label, int[] gold) {
        String[] classes = new String[classCount];
        for (int k = 0; k < classCount; k++) {
            classes[k] = Integer.toString(k);
        }
        return assemble(classes, null, null, itemCount, workerCount, item, worker, label,
                gold == null ? filled(itemCount) : gold.clone());
    }

    public int classCount() {
        return classes.length;
    }

    public int itemCount() {
        return itemStart.length - 1;
    }

    public int workerCount() {
        return workerCount;
    }

    public int answerCount() {
        return worker.length;
    }

    public String classLabel(int k) {
        return classes[k];
    }

    public List<String> classes() {
        return List.of(classes);
    }

    public String itemId(int i) {
        return items == null ? Integer.toString(i) : items[i];
    }

    public String workerId(int w) {
        return workers == null ? Integer.toString(w) : workers[w];
    }

    /** Dense index of an item id, or -1. */
    public int itemIndex(String id) {
        if (items == null) {
            return parseDense(id, itemCount());
        }
        int i = Arrays.binarySearch(items, id);
        return i < 0 ? -1 : i;
    }

    /** Dense index of a worker id, or -1. */
    public int workerIndex(String id) {
        if (workers == null) {
            return parseDense(id, workerCount());
        }
        int w = Arrays.binarySearch(workers, id);
        return w < 0 ? -1 : w;
    }

    /** Index of a class label, or -1. */
    public int classIndex(String label) {
        for (int k = 0; k < classes.length; k++) {
            if (classes[k].equals(label)) {
                return k;
            }
        }
        return -1;
    }

    /** First answer of item {@code i}; its answers are {@code [start(i), start(i + 1))}. */
    public int start(int i) {
        return itemStart[i];
    }

    /** Answers of item i are {@code [start(i), end(i))}. */
    public int end(int i) {
        return itemStart[i + 1];
    }

    public int worker(int answer) {
        return worker[answer];
    }

    public int label(int answer) {
        return label[answer];
    }

    /** The known (gold) class of item i, or -1. */
    public int gold(int i) {
        return gold[i];
    }

    // Package-private raw access for the inner loops of the methods.
    int[] itemStartArray() {
        return itemStart;
    }

    int[] workerArray() {
        return worker;
    }

    int[] labelArray() {
        return label;
    }

    int[] goldArray() {
        return gold;
    }

    private static int parseDense(String id, int count) {
        try {
            int v = Integer.parseInt(id);
            return v >= 0 && v < count ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    /** Sorts answers by (item, worker, label) with one primitive sort and builds the item rows. */
    private static AnswerSet assemble(String[] classes, String[] items, String[] workers, int itemCount,
                                      int workerCount, int[] item, int[] worker, int[] label, int[] gold) {
        int n = item.length;
        int k = classes.length;
        long[] keys = new long[n];
        long perItem = Math.multiplyExact((long) Math.max(workerCount, 1), (long) k);
        for (int a = 0; a < n; a++) {
            if (label[a] < 0 || label[a] >= k) {
                throw new IllegalArgumentException("class index out of range: " + label[a]);
            }
            if (item[a] < 0 || item[a] >= itemCount || worker[a] < 0 || worker[a] >= workerCount) {
                throw new IllegalArgumentException("item or worker index out of range at answer " + a);
            }
            keys[a] = Math.addExact(Math.multiplyExact((long) item[a], perItem), (long) worker[a] * k + label[a]);
        }
        Arrays.sort(keys);
        int[] start = new int[itemCount + 1];
        int[] w = new int[n];
        int[] l = new int[n];
        for (int a = 0; a < n; a++) {
            long key = keys[a];
            int i = (int) (key / perItem);
            int rest = (int) (key % perItem);
            w[a] = rest / k;
            l[a] = rest % k;
            start[i + 1]++;
        }
        for (int i = 0; i < itemCount; i++) {
            start[i + 1] += start[i];
        }
        return new AnswerSet(classes, items, workers, workerCount, start, w, l, gold);
    }

    /** Collects answers by id; {@link #build()} renumbers everything in sorted-id order. */
    public static final class Builder {
        private final String[] classes;
        private final Map<String, Integer> classIndex = new HashMap<>();
        private final Map<String, Integer> itemIndex = new HashMap<>();
        private final Map<String, Integer> workerIndex = new HashMap<>();
        private final List<String> itemIds = new ArrayList<>();
        private final List<String> workerIds = new ArrayList<>();
        private final Map<Integer, Integer> gold = new HashMap<>();
        private int[] item = new int[16];
        private int[] worker = new int[16];
        private int[] label = new int[16];
        private int size;

        private Builder(List<String> classes) {
            if (classes.isEmpty()) {
                throw new IllegalArgumentException("at least one class is needed");
            }
            this.classes = classes.toArray(String[]::new);
            for (int k = 0; k < this.classes.length; k++) {
                if (classIndex.putIfAbsent(this.classes[k], k) != null) {
                    throw new IllegalArgumentException("duplicate class " + this.classes[k]);
                }
            }
        }

        public Builder answer(String itemId, String workerId, String classLabel) {
            int k = classOf(classLabel);
            if (size == item.length) {
                item = Arrays.copyOf(item, size * 2);
                worker = Arrays.copyOf(worker, size * 2);
                label = Arrays.copyOf(label, size * 2);
            }
            item[size] = index(itemIndex, itemIds, itemId);
            worker[size] = index(workerIndex, workerIds, workerId);
            label[size] = k;
            size++;
            return this;
        }

        /** The item's known label: methods that use gold clamp the item to it. */
        public Builder gold(String itemId, String classLabel) {
            gold.put(index(itemIndex, itemIds, itemId), classOf(classLabel));
            return this;
        }

        /** Registers an item that may have no answers yet. */
        public Builder item(String itemId) {
            index(itemIndex, itemIds, itemId);
            return this;
        }

        public AnswerSet build() {
            int[] itemOrder = sortedRanks(itemIds);
            int[] workerOrder = sortedRanks(workerIds);
            int[] it = new int[size];
            int[] wk = new int[size];
            for (int a = 0; a < size; a++) {
                it[a] = itemOrder[item[a]];
                wk[a] = workerOrder[worker[a]];
            }
            int[] g = filled(itemIds.size());
            gold.forEach((i, k) -> g[itemOrder[i]] = k);
            String[] items = itemIds.toArray(String[]::new);
            String[] workers = workerIds.toArray(String[]::new);
            Arrays.sort(items);
            Arrays.sort(workers);
            return assemble(classes.clone(), items, workers, items.length, workers.length, it, wk,
                    Arrays.copyOf(label, size), g);
        }

        private int classOf(String classLabel) {
            Integer k = classIndex.get(classLabel);
            if (k == null) {
                throw new IllegalArgumentException("label not in the label set: " + classLabel);
            }
            return k;
        }

        private static int index(Map<String, Integer> index, List<String> ids, String id) {
            Integer known = index.get(id);
            if (known != null) {
                return known;
            }
            index.put(id, ids.size());
            ids.add(id);
            return ids.size() - 1;
        }

        /** rank[insertionIndex] = position of that id in sorted order. */
        private static int[] sortedRanks(List<String> ids) {
            Integer[] order = new Integer[ids.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> ids.get(a).compareTo(ids.get(b)));
            int[] rank = new int[order.length];
            for (int r = 0; r < order.length; r++) {
                rank[order[r]] = r;
            }
            return rank;
        }
    }
}
