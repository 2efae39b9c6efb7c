package dev.crowd.task;

import dev.crowd.contracts.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A job's settings as requesters write them and the job as they see it: the records the REST resources send and receive. */
public final class JobModel {

    /** A job as the requester writes it (create, and edit while DRAFT). */
    public record JobRequest(
            @NotBlank @Size(max = 200) String title,
            @Size(max = 100_000) String instructions,
            @NotNull TaskType taskType,
            @NotEmpty @Size(max = 200) List<@NotNull @Valid LabelDef> labels,
            @NotNull @Valid Overlap overlap,
            @NotNull @Valid Reward reward,
            @NotNull @Min(1) @Max(200) Integer microJobSize,
            @NotNull @Min(1) @Max(86_400) Integer leaseSeconds,
            @Min(0) @Max(50) Integer goldPerMicroJob,
            @Valid Eligibility eligibility,
            OffsetDateTime deadline) {
    }

    /** One choice of the label set; {@code key} is what answers and results carry. */
    public record LabelDef(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_.:-]+", message = "letters, digits and _ . : - only") String key,
            @NotBlank @Size(max = 200) String displayName,
            @Size(max = 1) String hotkey) {
    }

    /** At least {@code min} judgments per item, more while below {@code targetConfidence}, never over {@code max}. */
    public record Overlap(
            @NotNull @Min(1) @Max(50) Integer min,
            @NotNull @Min(1) @Max(50) Integer max,
            @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double targetConfidence) {
    }

    /** Paid per accepted judgment, in minor units of 1/10,000 of the currency (125 = 0.0125 EUR). */
    public record Reward(
            @NotNull @Min(1) @Max(1_000_000_000L) Long amount,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency) {
    }

    public record Eligibility(
            @Min(0) @Max(100) Integer minTrust,
            @Size(max = 50) Set<@NotBlank String> skills,
            @Size(max = 50) Set<@NotBlank String> qualifications) {
    }

    public record Progress(long itemsTotal, long goldItems, long itemsResolved, long judgments, Money spent,
                           OffsetDateTime estimatedCompletion) {
    }

    /** A job as its requester sees it. */
    public record JobView(
            UUID id,
            String title,
            String instructions,
            TaskType taskType,
            List<LabelDef> labels,
            Overlap overlap,
            Money reward,
            Money feePerJudgment,
            Long maxJudgments,
            Money budget,
            int microJobSize,
            int leaseSeconds,
            int goldPerMicroJob,
            Eligibility eligibility,
            OffsetDateTime deadline,
            Job.Status status,
            String statusReason,
            Money shortfall,
            Progress progress,
            OffsetDateTime createdAt) {
    }

    private JobModel() {
    }
}
