package dev.crowd.qa.service;

import dev.crowd.qa.WorkerStanding;
import dev.crowd.qa.core.Standing;

import java.util.HashSet;

/** A stored standing as the rules see it; no row is the default standing. */
final class Standings {

    static Standing of(WorkerStanding row, JsonColumns json) {
        return row == null ? Standing.DEFAULT : new Standing(row.status, new HashSet<>(json.uuids(row.suspendedJobIds)));
    }

    private Standings() {
    }
}
