package dev.crowd.sim;

import java.util.List;
import java.util.Random;

/**
 * How a simulated annotator answers. The accuracy is hidden from the platform: it has to find out from
 * gold answers and agreement, as it would with people.
 */
public enum Persona {
    /** Careful: right about 92% of the time, a few seconds per item. */
    RELIABLE(0.92, 4_000),
    /** Tries, but often wrong. */
    NOISY(0.70, 3_000),
    /** Answers at random, fast, for the money. */
    SPAMMER(0.0, 700),
    /** Deliberately wrong: picks a label other than the right one. */
    ADVERSARIAL(0.0, 2_000);

    private final double accuracy;
    private final long millisPerItem;

    Persona(double accuracy, long millisPerItem) {
        this.accuracy = accuracy;
        this.millisPerItem = millisPerItem;
    }

    /** The label this persona gives an item whose true label is {@code truth}. */
    public String answer(String truth, List<String> labels, Random random) {
        return switch (this) {
            case SPAMMER -> labels.get(random.nextInt(labels.size()));
            case ADVERSARIAL -> otherThan(truth, labels, random);
            default -> random.nextDouble() < accuracy ? truth : otherThan(truth, labels, random);
        };
    }

    /** Time spent on one item as the annotator reports it (what a person would take), jittered. */
    public long millisPerItem(Random random) {
        return Math.max(200, (long) (millisPerItem * (0.6 + 0.8 * random.nextDouble())));
    }

    private static String otherThan(String truth, List<String> labels, Random random) {
        String pick;
        do {
            pick = labels.get(random.nextInt(labels.size()));
        } while (pick.equals(truth));
        return pick;
    }

    /** The persona of annotator {@code index} of {@code count}, for the given shares (deterministic). */
    public static Persona of(int index, int count, double spammers, double adversarial, double noisy) {
        int s = (int) Math.round(count * spammers);
        int a = (int) Math.round(count * adversarial);
        int n = (int) Math.round(count * noisy);
        if (index < s) {
            return SPAMMER;
        }
        if (index < s + a) {
            return ADVERSARIAL;
        }
        if (index < s + a + n) {
            return NOISY;
        }
        return RELIABLE;
    }
}
