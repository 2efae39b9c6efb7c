package dev.crowd.qa.service;

import dev.crowd.qa.ItemState;
import dev.crowd.qa.Judgment;
import dev.crowd.qa.QaJob;
import dev.crowd.qa.WorkerQualityRecord;
import dev.crowd.qa.core.JobQualityModel;

import java.util.Map;
import java.util.UUID;

/** A locked job's rows as loaded by {@link JobStore}, and the model built from them. */
record JobContext(QaJob job, JobQualityModel model, Map<UUID, Judgment> judgments, Map<UUID, ItemState> items,
                  Map<String, WorkerQualityRecord> records) {
}
