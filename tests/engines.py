"""The UI tests that run on PostgreSQL as well as SQLite in every run (``tests/conftest.py``):
every main screen opened and saved in, and what differs by engine. By file, then name
("all": every test in the file)."""

from __future__ import annotations

UI_ON_BOTH_ENGINES = {
    # Every main screen opened and saved in, and what differs by engine.
    "tests/ui/test_class_grid.py": ("test_typing_codes_along_a_row_saves_each_and_updates_the_figures",
                                    "test_others_marks_appear_and_a_replaced_edit_is_reported"),
    "tests/ui/test_grid_notices.py": ("test_the_same_login_in_another_session_is_told_of_a_later_change",),
    "tests/ui/test_weekly.py": ("test_scores_move_on_by_themselves_absent_and_a_refused_26",
                                "test_a_score_entered_on_another_machine_appears_without_a_reload"),
    "tests/ui/test_halfterm.py": ("test_marks_give_codes_totals_and_the_sub_stage_from_crosses",),
    "tests/ui/test_attitude_entry.py": ("test_type_attendance_then_rate_across_the_row",),
    "tests/ui/test_bigwrite_entry.py": ("test_rate_a_piece_r_y_g_as_evidence_and_write_feedback",),
    "tests/ui/test_meeting_screen.py": ("test_quitting_mid_meeting_and_reopening_resumes_with_nothing_lost",),
    "tests/ui/test_returns_screens.py": ("test_year_11_takes_two_keys_a_pupil_overall_grades_then_coursework",
                                         "test_the_hod_approves_and_queries_and_the_teacher_sees_the_query"),
    "tests/ui/test_programme_screens.py": ("test_the_review_lists_concerns_and_p_puts_a_pupil_on_the_programme",
                                           "test_a_referral_from_start_to_end"),
    "tests/ui/test_app_shell.py": ("test_home_shows_my_classes_mentees_and_school_figures",),
    "tests/ui/test_pupil_page.py": ("test_log_a_certificate_from_the_rewards_tab",),
    "tests/ui/test_live_changes.py": "all",
}
