-- A gold answer's verdict is recorded at once (it informs the annotator's accuracy) but published no
-- earlier than the consensus verdicts of the same assignment, so its timing does not mark it as gold.
alter table judgment add column verdict_held boolean not null default false;
