"""Version 1: the schema as amtui 0.1.0 created it, frozen.

This is the SQL that amtui 0.1.0's models produced on SQLite (copied from the
``sqlite_master`` of a fresh file), in the order it created them. It must never change:
a change to the schema is a new step. The models may move on; this may not.
"""

from __future__ import annotations

import peewee

DDL: tuple[str, ...] = (
    'CREATE TABLE "academic_year" ("id" INTEGER NOT NULL PRIMARY KEY, "start_year" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "academic_year_start_year" ON "academic_year" ("start_year")',
    ('CREATE TABLE "school_class" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL'
     ', "year_group" INTEGER NOT NULL, "academic_year_id" INTEGER NOT NULL'
     ', FOREIGN KEY ("academic_year_id") REFERENCES "academic_year" ("id"))'),
    'CREATE INDEX "school_class_academic_year_id" ON "school_class" ("academic_year_id")',
    'CREATE UNIQUE INDEX "school_class_academic_year_id_name" ON "school_class" ("academic_year_id", "name")',
    ('CREATE TABLE "pupil" ("id" INTEGER NOT NULL PRIMARY KEY, "upn" VARCHAR(255) NOT NULL'
     ', "forename" VARCHAR(255) NOT NULL, "surname" VARCHAR(255) NOT NULL, "dob" DATE'
     ', "year_group" INTEGER NOT NULL, "school_class_id" INTEGER, "sen" INTEGER NOT NULL'
     ', "pupil_premium" INTEGER NOT NULL, "eal" INTEGER NOT NULL, "extra_meetings" INTEGER NOT NULL'
     ', "left_on" DATE'
     ', FOREIGN KEY ("school_class_id") REFERENCES "school_class" ("id") ON DELETE SET NULL)'),
    'CREATE UNIQUE INDEX "pupil_upn" ON "pupil" ("upn")',
    'CREATE INDEX "pupil_school_class_id" ON "pupil" ("school_class_id")',
    'CREATE INDEX "pupil_surname_forename" ON "pupil" ("surname", "forename")',
    ('CREATE TABLE "staff" ("id" INTEGER NOT NULL PRIMARY KEY, "username" VARCHAR(255) NOT NULL'
     ', "name" VARCHAR(255) NOT NULL, "roles" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL)'),
    'CREATE UNIQUE INDEX "staff_username" ON "staff" ("username")',
    ('CREATE TABLE "half_term" ("id" INTEGER NOT NULL PRIMARY KEY, "year_id" INTEGER NOT NULL'
     ', "number" INTEGER NOT NULL, "start" DATE NOT NULL, "end" DATE NOT NULL, "locked_at" DATETIME'
     ', "locked_by_id" INTEGER, "lock_reason" TEXT NOT NULL'
     ', FOREIGN KEY ("year_id") REFERENCES "academic_year" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("locked_by_id") REFERENCES "staff" ("id") ON DELETE SET NULL)'),
    'CREATE INDEX "half_term_year_id" ON "half_term" ("year_id")',
    'CREATE INDEX "half_term_locked_by_id" ON "half_term" ("locked_by_id")',
    'CREATE UNIQUE INDEX "half_term_year_id_number" ON "half_term" ("year_id", "number")',
    ('CREATE TABLE "attitude_record" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "half_term_id" INTEGER NOT NULL, "aspect" VARCHAR(255) NOT NULL, "rating" VARCHAR(1) NOT NULL'
     ', "percent" REAL, "staff_id" INTEGER, "recorded_at" DATETIME NOT NULL'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("half_term_id") REFERENCES "half_term" ("id")'
     ', FOREIGN KEY ("staff_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "attitude_record_pupil_id" ON "attitude_record" ("pupil_id")',
    'CREATE INDEX "attitude_record_half_term_id" ON "attitude_record" ("half_term_id")',
    'CREATE INDEX "attitude_record_staff_id" ON "attitude_record" ("staff_id")',
    ('CREATE UNIQUE INDEX "attitude_record_pupil_id_half_term_id_aspect" ON "attitude_record" ("pupil_id"'
     ', "half_term_id", "aspect")'),
    ('CREATE TABLE "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL'
     ', "login" VARCHAR(255) NOT NULL, "action" VARCHAR(255) NOT NULL, "entity" VARCHAR(255) NOT NULL'
     ', "entity_id" VARCHAR(255) NOT NULL, "detail" TEXT NOT NULL)'),
    'CREATE INDEX "audit_entry_at" ON "audit_entry" ("at")',
    ('CREATE TABLE "subject" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL'
     ', "code" VARCHAR(255) NOT NULL)'),
    'CREATE UNIQUE INDEX "subject_name" ON "subject" ("name")',
    'CREATE UNIQUE INDEX "subject_code" ON "subject" ("code")',
    ('CREATE TABLE "baseline" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "subject_id" INTEGER NOT NULL, "academic_year_id" INTEGER NOT NULL'
     ', "substage" VARCHAR(255) NOT NULL, "set_at" DATETIME NOT NULL, "set_by_id" INTEGER'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("subject_id") REFERENCES "subject" ("id")'
     ', FOREIGN KEY ("academic_year_id") REFERENCES "academic_year" ("id")'
     ', FOREIGN KEY ("set_by_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "baseline_pupil_id" ON "baseline" ("pupil_id")',
    'CREATE INDEX "baseline_subject_id" ON "baseline" ("subject_id")',
    'CREATE INDEX "baseline_academic_year_id" ON "baseline" ("academic_year_id")',
    'CREATE INDEX "baseline_set_by_id" ON "baseline" ("set_by_id")',
    ('CREATE UNIQUE INDEX "baseline_pupil_id_subject_id_academic_year_id" ON "baseline" ("pupil_id"'
     ', "subject_id", "academic_year_id")'),
    ('CREATE TABLE "big_write_piece" ("id" INTEGER NOT NULL PRIMARY KEY'
     ', "school_class_id" INTEGER NOT NULL, "written_on" DATE NOT NULL, "title" VARCHAR(255) NOT NULL'
     ', "created_by_id" INTEGER'
     ', FOREIGN KEY ("school_class_id") REFERENCES "school_class" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("created_by_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "big_write_piece_school_class_id" ON "big_write_piece" ("school_class_id")',
    'CREATE INDEX "big_write_piece_created_by_id" ON "big_write_piece" ("created_by_id")',
    ('CREATE TABLE "big_write_feedback" ("id" INTEGER NOT NULL PRIMARY KEY'
     ', "piece_id" INTEGER NOT NULL, "pupil_id" INTEGER NOT NULL, "text" TEXT NOT NULL'
     ', "staff_id" INTEGER, "recorded_at" DATETIME NOT NULL'
     ', FOREIGN KEY ("piece_id") REFERENCES "big_write_piece" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("staff_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "big_write_feedback_piece_id" ON "big_write_feedback" ("piece_id")',
    'CREATE INDEX "big_write_feedback_pupil_id" ON "big_write_feedback" ("pupil_id")',
    'CREATE INDEX "big_write_feedback_staff_id" ON "big_write_feedback" ("staff_id")',
    ('CREATE UNIQUE INDEX "big_write_feedback_piece_id_pupil_id" ON "big_write_feedback" ("piece_id"'
     ', "pupil_id")'),
    ('CREATE TABLE "criteria_bank" ("id" INTEGER NOT NULL PRIMARY KEY, "subject_id" INTEGER NOT NULL'
     ', "stage" INTEGER NOT NULL, "cutoff_emerging" INTEGER, "cutoff_developing" INTEGER'
     ', "cutoff_securing" INTEGER, FOREIGN KEY ("subject_id") REFERENCES "subject" ("id"))'),
    'CREATE INDEX "criteria_bank_subject_id" ON "criteria_bank" ("subject_id")',
    'CREATE UNIQUE INDEX "criteria_bank_subject_id_stage" ON "criteria_bank" ("subject_id", "stage")',
    ('CREATE TABLE "criterion" ("id" INTEGER NOT NULL PRIMARY KEY, "bank_id" INTEGER NOT NULL'
     ', "subject_id" INTEGER NOT NULL, "number" INTEGER NOT NULL, "ref" VARCHAR(255) NOT NULL'
     ', "text" TEXT NOT NULL'
     ', FOREIGN KEY ("bank_id") REFERENCES "criteria_bank" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("subject_id") REFERENCES "subject" ("id"))'),
    'CREATE INDEX "criterion_bank_id" ON "criterion" ("bank_id")',
    'CREATE INDEX "criterion_subject_id" ON "criterion" ("subject_id")',
    'CREATE UNIQUE INDEX "criterion_bank_id_number" ON "criterion" ("bank_id", "number")',
    'CREATE UNIQUE INDEX "criterion_subject_id_ref" ON "criterion" ("subject_id", "ref")',
    ('CREATE TABLE "big_write_rating" ("id" INTEGER NOT NULL PRIMARY KEY, "piece_id" INTEGER NOT NULL'
     ', "pupil_id" INTEGER NOT NULL, "criterion_id" INTEGER NOT NULL, "rating" VARCHAR(1) NOT NULL'
     ', "staff_id" INTEGER, "recorded_at" DATETIME NOT NULL'
     ', FOREIGN KEY ("piece_id") REFERENCES "big_write_piece" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("criterion_id") REFERENCES "criterion" ("id")'
     ', FOREIGN KEY ("staff_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "big_write_rating_piece_id" ON "big_write_rating" ("piece_id")',
    'CREATE INDEX "big_write_rating_pupil_id" ON "big_write_rating" ("pupil_id")',
    'CREATE INDEX "big_write_rating_criterion_id" ON "big_write_rating" ("criterion_id")',
    'CREATE INDEX "big_write_rating_staff_id" ON "big_write_rating" ("staff_id")',
    ('CREATE UNIQUE INDEX "big_write_rating_piece_id_pupil_id_criterion_id" ON "big_write_rating" ("piece_id"'
     ', "pupil_id", "criterion_id")'),
    ('CREATE TABLE "class_staff" ("id" INTEGER NOT NULL PRIMARY KEY'
     ', "school_class_id" INTEGER NOT NULL, "staff_id" INTEGER NOT NULL, "role" VARCHAR(255) NOT NULL'
     ', FOREIGN KEY ("school_class_id") REFERENCES "school_class" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "class_staff_school_class_id" ON "class_staff" ("school_class_id")',
    'CREATE INDEX "class_staff_staff_id" ON "class_staff" ("staff_id")',
    ('CREATE UNIQUE INDEX "class_staff_school_class_id_staff_id" ON "class_staff" ("school_class_id"'
     ', "staff_id")'),
    ('CREATE TABLE "criterion_mark" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "criterion_id" INTEGER NOT NULL, "half_term_id" INTEGER NOT NULL, "code" VARCHAR(1) NOT NULL'
     ', "staff_id" INTEGER, "recorded_at" DATETIME NOT NULL, "source" VARCHAR(255) NOT NULL'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("criterion_id") REFERENCES "criterion" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("half_term_id") REFERENCES "half_term" ("id")'
     ', FOREIGN KEY ("staff_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "criterion_mark_pupil_id" ON "criterion_mark" ("pupil_id")',
    'CREATE INDEX "criterion_mark_criterion_id" ON "criterion_mark" ("criterion_id")',
    'CREATE INDEX "criterion_mark_half_term_id" ON "criterion_mark" ("half_term_id")',
    'CREATE INDEX "criterion_mark_staff_id" ON "criterion_mark" ("staff_id")',
    ('CREATE INDEX "criterion_mark_pupil_id_criterion_id_half_term_id" ON "criterion_mark" ("pupil_id"'
     ', "criterion_id", "half_term_id")'),
    'CREATE TABLE "db_info" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    ('CREATE TABLE "fft_estimate" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "subject_id" INTEGER NOT NULL, "academic_year_id" INTEGER NOT NULL'
     ', "substage" VARCHAR(255) NOT NULL, "recorded_at" DATETIME NOT NULL'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("subject_id") REFERENCES "subject" ("id")'
     ', FOREIGN KEY ("academic_year_id") REFERENCES "academic_year" ("id"))'),
    'CREATE INDEX "fft_estimate_pupil_id" ON "fft_estimate" ("pupil_id")',
    'CREATE INDEX "fft_estimate_subject_id" ON "fft_estimate" ("subject_id")',
    'CREATE INDEX "fft_estimate_academic_year_id" ON "fft_estimate" ("academic_year_id")',
    ('CREATE UNIQUE INDEX "fft_estimate_pupil_id_subject_id_academic_year_id" ON "fft_estimate" ("pupil_id"'
     ', "subject_id", "academic_year_id")'),
    ('CREATE TABLE "half_term_test" ("id" INTEGER NOT NULL PRIMARY KEY, "subject_id" INTEGER NOT NULL'
     ', "stage" INTEGER NOT NULL, "number" INTEGER NOT NULL, "title" VARCHAR(255) NOT NULL'
     ', FOREIGN KEY ("subject_id") REFERENCES "subject" ("id"))'),
    'CREATE INDEX "half_term_test_subject_id" ON "half_term_test" ("subject_id")',
    ('CREATE UNIQUE INDEX "half_term_test_subject_id_stage_number" ON "half_term_test" ("subject_id"'
     ', "stage", "number")'),
    ('CREATE TABLE "test_question" ("id" INTEGER NOT NULL PRIMARY KEY, "test_id" INTEGER NOT NULL'
     ', "number" VARCHAR(255) NOT NULL, "position" INTEGER NOT NULL, "marks" INTEGER NOT NULL'
     ', "section" VARCHAR(255) NOT NULL, "criterion_id" INTEGER NOT NULL'
     ', FOREIGN KEY ("test_id") REFERENCES "half_term_test" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("criterion_id") REFERENCES "criterion" ("id"))'),
    'CREATE INDEX "test_question_test_id" ON "test_question" ("test_id")',
    'CREATE INDEX "test_question_criterion_id" ON "test_question" ("criterion_id")',
    'CREATE UNIQUE INDEX "test_question_test_id_number" ON "test_question" ("test_id", "number")',
    ('CREATE TABLE "test_answer" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "question_id" INTEGER NOT NULL, "half_term_id" INTEGER NOT NULL, "mark" INTEGER'
     ', "staff_id" INTEGER, "recorded_at" DATETIME NOT NULL'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("question_id") REFERENCES "test_question" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("half_term_id") REFERENCES "half_term" ("id")'
     ', FOREIGN KEY ("staff_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "test_answer_pupil_id" ON "test_answer" ("pupil_id")',
    'CREATE INDEX "test_answer_question_id" ON "test_answer" ("question_id")',
    'CREATE INDEX "test_answer_half_term_id" ON "test_answer" ("half_term_id")',
    'CREATE INDEX "test_answer_staff_id" ON "test_answer" ("staff_id")',
    ('CREATE UNIQUE INDEX "test_answer_pupil_id_question_id_half_term_id" ON "test_answer" ("pupil_id"'
     ', "question_id", "half_term_id")'),
    ('CREATE TABLE "intervention" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL'
     ', "subject_id" INTEGER, "description" TEXT NOT NULL, "active" INTEGER NOT NULL'
     ', FOREIGN KEY ("subject_id") REFERENCES "subject" ("id"))'),
    'CREATE UNIQUE INDEX "intervention_name" ON "intervention" ("name")',
    'CREATE INDEX "intervention_subject_id" ON "intervention" ("subject_id")',
    ('CREATE TABLE "meeting" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "mentor_id" INTEGER NOT NULL, "half_term_id" INTEGER, "scheduled_for" DATETIME'
     ', "started_at" DATETIME, "ended_at" DATETIME, "status" VARCHAR(255) NOT NULL'
     ', "step" INTEGER NOT NULL, "extra" INTEGER NOT NULL, "barriers" TEXT NOT NULL'
     ', "summary" TEXT NOT NULL, "outcome" TEXT NOT NULL, "next_meeting_on" DATE'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("mentor_id") REFERENCES "staff" ("id")'
     ', FOREIGN KEY ("half_term_id") REFERENCES "half_term" ("id"))'),
    'CREATE INDEX "meeting_pupil_id" ON "meeting" ("pupil_id")',
    'CREATE INDEX "meeting_mentor_id" ON "meeting" ("mentor_id")',
    'CREATE INDEX "meeting_half_term_id" ON "meeting" ("half_term_id")',
    'CREATE INDEX "meeting_pupil_id_status" ON "meeting" ("pupil_id", "status")',
    'CREATE INDEX "meeting_mentor_id_status" ON "meeting" ("mentor_id", "status")',
    ('CREATE TABLE "intervention_assignment" ("id" INTEGER NOT NULL PRIMARY KEY'
     ', "intervention_id" INTEGER NOT NULL, "pupil_id" INTEGER NOT NULL, "staff_id" INTEGER'
     ', "start" DATE NOT NULL, "end" DATE, "meeting_id" INTEGER'
     ', "start_substage" VARCHAR(255) NOT NULL, "end_substage" VARCHAR(255) NOT NULL'
     ', "review" TEXT NOT NULL, FOREIGN KEY ("intervention_id") REFERENCES "intervention" ("id")'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("staff_id") REFERENCES "staff" ("id")'
     ', FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE SET NULL)'),
    'CREATE INDEX "intervention_assignment_intervention_id" ON "intervention_assignment" ("intervention_id")',
    'CREATE INDEX "intervention_assignment_pupil_id" ON "intervention_assignment" ("pupil_id")',
    'CREATE INDEX "intervention_assignment_staff_id" ON "intervention_assignment" ("staff_id")',
    'CREATE INDEX "intervention_assignment_meeting_id" ON "intervention_assignment" ("meeting_id")',
    ('CREATE TABLE "intervention_criterion" ("id" INTEGER NOT NULL PRIMARY KEY'
     ', "assignment_id" INTEGER NOT NULL, "criterion_id" INTEGER NOT NULL'
     ', FOREIGN KEY ("assignment_id") REFERENCES "intervention_assignment" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("criterion_id") REFERENCES "criterion" ("id"))'),
    'CREATE INDEX "intervention_criterion_assignment_id" ON "intervention_criterion" ("assignment_id")',
    'CREATE INDEX "intervention_criterion_criterion_id" ON "intervention_criterion" ("criterion_id")',
    ('CREATE UNIQUE INDEX "intervention_criterion_assignment_id_criterion_id" ON "intervention_criterion" ("assignment_id"'
     ', "criterion_id")'),
    ('CREATE TABLE "long_term_target" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "subject_id" INTEGER NOT NULL, "academic_year_id" INTEGER NOT NULL'
     ', "kind" VARCHAR(255) NOT NULL, "substage" VARCHAR(255) NOT NULL, "set_at" DATETIME NOT NULL'
     ', "set_by_id" INTEGER, "reason" TEXT NOT NULL'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("subject_id") REFERENCES "subject" ("id")'
     ', FOREIGN KEY ("academic_year_id") REFERENCES "academic_year" ("id")'
     ', FOREIGN KEY ("set_by_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "long_term_target_pupil_id" ON "long_term_target" ("pupil_id")',
    'CREATE INDEX "long_term_target_subject_id" ON "long_term_target" ("subject_id")',
    'CREATE INDEX "long_term_target_academic_year_id" ON "long_term_target" ("academic_year_id")',
    'CREATE INDEX "long_term_target_set_by_id" ON "long_term_target" ("set_by_id")',
    ('CREATE INDEX "long_term_target_pupil_id_subject_id_academic_year_id_kind" ON "long_term_target" ("pupil_id"'
     ', "subject_id", "academic_year_id", "kind")'),
    ('CREATE TABLE "meeting_check" ("id" INTEGER NOT NULL PRIMARY KEY, "meeting_id" INTEGER NOT NULL'
     ', "item" VARCHAR(255) NOT NULL, "done" INTEGER NOT NULL, "note" TEXT NOT NULL'
     ', FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "meeting_check_meeting_id" ON "meeting_check" ("meeting_id")',
    'CREATE UNIQUE INDEX "meeting_check_meeting_id_item" ON "meeting_check" ("meeting_id", "item")',
    ('CREATE TABLE "meeting_follow_up" ("id" INTEGER NOT NULL PRIMARY KEY'
     ', "meeting_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL'
     ', FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "meeting_follow_up_meeting_id" ON "meeting_follow_up" ("meeting_id")',
    'CREATE UNIQUE INDEX "meeting_follow_up_meeting_id_kind" ON "meeting_follow_up" ("meeting_id", "kind")',
    ('CREATE TABLE "mentor_assignment" ("id" INTEGER NOT NULL PRIMARY KEY'
     ', "pupil_id" INTEGER NOT NULL, "mentor_id" INTEGER NOT NULL, "start" DATE NOT NULL, "end" DATE'
     ', "reason" TEXT NOT NULL, FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("mentor_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "mentor_assignment_pupil_id" ON "mentor_assignment" ("pupil_id")',
    'CREATE INDEX "mentor_assignment_mentor_id" ON "mentor_assignment" ("mentor_id")',
    'CREATE INDEX "mentor_assignment_end" ON "mentor_assignment" ("end")',
    ('CREATE TABLE "progress_return" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "subject_id" INTEGER NOT NULL, "staff_id" INTEGER, "returned_on" DATE NOT NULL'
     ', "judgement" VARCHAR(1) NOT NULL, "projected_grade" VARCHAR(255) NOT NULL'
     ', "coursework_grade" VARCHAR(255) NOT NULL, "checked_by_id" INTEGER'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("subject_id") REFERENCES "subject" ("id")'
     ', FOREIGN KEY ("staff_id") REFERENCES "staff" ("id")'
     ', FOREIGN KEY ("checked_by_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "progress_return_pupil_id" ON "progress_return" ("pupil_id")',
    'CREATE INDEX "progress_return_subject_id" ON "progress_return" ("subject_id")',
    'CREATE INDEX "progress_return_staff_id" ON "progress_return" ("staff_id")',
    'CREATE INDEX "progress_return_checked_by_id" ON "progress_return" ("checked_by_id")',
    ('CREATE TABLE "record_event" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "kind" VARCHAR(255) NOT NULL, "text" TEXT NOT NULL, "staff_id" INTEGER'
     ', "recorded_at" DATETIME NOT NULL'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("staff_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "record_event_pupil_id" ON "record_event" ("pupil_id")',
    'CREATE INDEX "record_event_staff_id" ON "record_event" ("staff_id")',
    ('CREATE TABLE "referral" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "referred_by_id" INTEGER NOT NULL, "referred_to_id" INTEGER, "reason" TEXT NOT NULL'
     ', "made_at" DATETIME NOT NULL, "status" VARCHAR(255) NOT NULL'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("referred_by_id") REFERENCES "staff" ("id")'
     ', FOREIGN KEY ("referred_to_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "referral_pupil_id" ON "referral" ("pupil_id")',
    'CREATE INDEX "referral_referred_by_id" ON "referral" ("referred_by_id")',
    'CREATE INDEX "referral_referred_to_id" ON "referral" ("referred_to_id")',
    'CREATE TABLE "school_setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    ('CREATE TABLE "target" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "kind" VARCHAR(255) NOT NULL, "subject_id" INTEGER, "criterion_id" INTEGER'
     ', "aspect" VARCHAR(255) NOT NULL, "text" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL'
     ', "set_at" DATETIME NOT NULL, "set_by_id" INTEGER, "closed_at" DATETIME, "meeting_id" INTEGER'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("subject_id") REFERENCES "subject" ("id")'
     ', FOREIGN KEY ("criterion_id") REFERENCES "criterion" ("id")'
     ', FOREIGN KEY ("set_by_id") REFERENCES "staff" ("id")'
     ', FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE SET NULL)'),
    'CREATE INDEX "target_pupil_id" ON "target" ("pupil_id")',
    'CREATE INDEX "target_subject_id" ON "target" ("subject_id")',
    'CREATE INDEX "target_criterion_id" ON "target" ("criterion_id")',
    'CREATE INDEX "target_set_by_id" ON "target" ("set_by_id")',
    'CREATE INDEX "target_meeting_id" ON "target" ("meeting_id")',
    ('CREATE TABLE "self_assessment" ("id" INTEGER NOT NULL PRIMARY KEY'
     ', "meeting_id" INTEGER NOT NULL, "target_id" INTEGER NOT NULL, "rating" VARCHAR(1) NOT NULL'
     ', "comment" TEXT NOT NULL'
     ', FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("target_id") REFERENCES "target" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "self_assessment_meeting_id" ON "self_assessment" ("meeting_id")',
    'CREATE INDEX "self_assessment_target_id" ON "self_assessment" ("target_id")',
    ('CREATE UNIQUE INDEX "self_assessment_meeting_id_target_id" ON "self_assessment" ("meeting_id"'
     ', "target_id")'),
    ('CREATE TABLE "weekly_level" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "level" VARCHAR(255) NOT NULL, "started_on" DATE NOT NULL, "set_by_id" INTEGER'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("set_by_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "weekly_level_pupil_id" ON "weekly_level" ("pupil_id")',
    'CREATE INDEX "weekly_level_set_by_id" ON "weekly_level" ("set_by_id")',
    'CREATE INDEX "weekly_level_pupil_id_started_on" ON "weekly_level" ("pupil_id", "started_on")',
    ('CREATE TABLE "weekly_result" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "sat_on" DATE NOT NULL, "level" VARCHAR(255) NOT NULL, "test" INTEGER NOT NULL'
     ', "score" INTEGER, "staff_id" INTEGER, "recorded_at" DATETIME NOT NULL'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("staff_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "weekly_result_pupil_id" ON "weekly_result" ("pupil_id")',
    'CREATE INDEX "weekly_result_staff_id" ON "weekly_result" ("staff_id")',
    'CREATE UNIQUE INDEX "weekly_result_pupil_id_sat_on" ON "weekly_result" ("pupil_id", "sat_on")',
    ('CREATE TABLE "working_stage" ("id" INTEGER NOT NULL PRIMARY KEY, "pupil_id" INTEGER NOT NULL'
     ', "subject_id" INTEGER NOT NULL, "stage" INTEGER NOT NULL, "set_at" DATETIME NOT NULL'
     ', "set_by_id" INTEGER, "reason" TEXT NOT NULL'
     ', FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE'
     ', FOREIGN KEY ("subject_id") REFERENCES "subject" ("id")'
     ', FOREIGN KEY ("set_by_id") REFERENCES "staff" ("id"))'),
    'CREATE INDEX "working_stage_pupil_id" ON "working_stage" ("pupil_id")',
    'CREATE INDEX "working_stage_subject_id" ON "working_stage" ("subject_id")',
    'CREATE INDEX "working_stage_set_by_id" ON "working_stage" ("set_by_id")',
    'CREATE INDEX "working_stage_pupil_id_subject_id" ON "working_stage" ("pupil_id", "subject_id")',
)


def run(db: peewee.Database) -> None:
    """Create every table and index of version 1 (SQLite only: ``migrations.upgrade``
    creates a server database from the models instead, and never calls this there)."""
    for statement in DDL:
        db.execute_sql(statement)
