"""Schema migrations, applied in order when the store opens, then the views.

Add a new step at the end of ``STEPS`` to change a table; never edit one that
has shipped, because files in the wild have already recorded it as applied.
Views are derived data: each is defined once in ``VIEWS`` and all are
re-created whenever a file is upgraded, so a changed view needs a new step
(an empty one will do) for existing files to pick it up.
"""

from __future__ import annotations

import sqlite_utils

from revmentor.domain.pairing.reasons import legacy_code

# Each step's SQL statements, run in order in one transaction per step.
STEPS: dict[str, str] = {
    # One piece: the schema as it first shipped, read top to bottom.
    "m001_initial": """
        CREATE TABLE program (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            objectives TEXT NOT NULL DEFAULT '[]',
            rules TEXT NOT NULL DEFAULT '[]',
            topics TEXT NOT NULL DEFAULT '[]',
            cadence_days INTEGER NOT NULL DEFAULT 14,
            session_minutes INTEGER NOT NULL DEFAULT 45,
            start TEXT,
            length_weeks INTEGER NOT NULL DEFAULT 26,
            min_level_gap INTEGER NOT NULL DEFAULT 1,
            weights TEXT NOT NULL
                DEFAULT '{"topics": 3.0, "cross_department": 1.0, "diversity": 1.0}',
            diversity_attributes TEXT NOT NULL DEFAULT '[]',
            allow_repeats INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO program (id, name) VALUES (1, 'Reverse mentoring program');
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
            title TEXT,
            level INTEGER,
            department TEXT,
            manager TEXT COLLATE NOCASE,
            teaches TEXT NOT NULL DEFAULT '[]',
            learns TEXT NOT NULL DEFAULT '[]',
            goals TEXT,
            capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity >= 1),
            timezone TEXT,
            attributes TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'paused', 'left')),
            enrolled_on TEXT NOT NULL,
            left_on TEXT
        );
        CREATE TABLE pairs (
            id INTEGER PRIMARY KEY,
            mentor_id INTEGER NOT NULL REFERENCES participants(id),
            mentee_id INTEGER NOT NULL REFERENCES participants(id),
            round INTEGER NOT NULL DEFAULT 1,
            paired_on TEXT NOT NULL,
            score REAL NOT NULL DEFAULT 0,
            reasons TEXT NOT NULL DEFAULT '[]',
            shared_topics TEXT NOT NULL DEFAULT '[]',
            fixed INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'ended')),
            ended_on TEXT,
            end_reason TEXT
        );
        CREATE INDEX idx_pairs_mentor ON pairs(mentor_id);
        CREATE INDEX idx_pairs_mentee ON pairs(mentee_id);
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            pair_id INTEGER NOT NULL REFERENCES pairs(id),
            date TEXT NOT NULL,
            minutes INTEGER NOT NULL CHECK (minutes > 0),
            topics TEXT NOT NULL DEFAULT '[]',
            notes TEXT,
            mentor_rating INTEGER CHECK (mentor_rating BETWEEN 1 AND 5),
            mentee_rating INTEGER CHECK (mentee_rating BETWEEN 1 AND 5)
        );
        CREATE INDEX idx_sessions_pair ON sessions(pair_id);
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            topic TEXT NOT NULL,
            phase TEXT NOT NULL CHECK (phase IN ('baseline', 'midpoint', 'final')),
            score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
            date TEXT NOT NULL
        );
        CREATE INDEX idx_checkins_participant ON checkins(participant_id);
    """,
    # How a pair is going after its first session, whether it was introduced,
    # and why each active person is unpaired, as of the latest `revmentor pair`.
    "m002_pair_lifecycle_and_views": """
        ALTER TABLE pairs ADD COLUMN fit TEXT;
        ALTER TABLE pairs ADD COLUMN fit_on TEXT;
        ALTER TABLE pairs ADD COLUMN introduced_on TEXT;
        CREATE TABLE unpaired (
            participant_id INTEGER PRIMARY KEY REFERENCES participants(id),
            reason TEXT NOT NULL,
            computed_on TEXT NOT NULL
        );
        CREATE INDEX idx_checkins_topic ON checkins(topic, phase);
    """,
    # The roster's `avoid` and `fixed` lists, kept so later `pair` runs honour them.
    "m003_pairing_constraints": """
        CREATE TABLE pairing_rules (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('avoid', 'fixed')),
            first_id INTEGER NOT NULL REFERENCES participants(id),
            second_id INTEGER NOT NULL REFERENCES participants(id),
            UNIQUE (kind, first_id, second_id)
        );
    """,
    # Why a person left (private), and when they left the organisation itself,
    # so retention can be measured both in the program and in the company.
    "m004_leaving_details": """
        ALTER TABLE participants ADD COLUMN left_reason TEXT;
        ALTER TABLE participants ADD COLUMN left_organisation_on TEXT;
    """,
    # Who a participant would like to meet (emails, first choice first), the
    # organisation they belong to (NULL: the program's own), hard rules on
    # values and the name of the organisation running the program. A code per
    # reason (same order as pairs.reasons): what it is about and so who may read
    # it; reasons stored before codes are coded from their wording. The round
    # since which each unpaired person has waited for a pair.
    "m005_matching_rules": """
        ALTER TABLE participants ADD COLUMN organization TEXT;
        ALTER TABLE participants ADD COLUMN prefers TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE program ADD COLUMN require TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE program ADD COLUMN organization TEXT;
        ALTER TABLE pairs ADD COLUMN reason_codes TEXT NOT NULL DEFAULT '[]';
        UPDATE pairs SET reason_codes = (
            SELECT json_group_array(legacy_code(value)) FROM json_each(pairs.reasons)
        );
        ALTER TABLE unpaired ADD COLUMN since_round INTEGER;
        UPDATE unpaired SET since_round = (SELECT COALESCE(MAX(round), 1) FROM pairs);
    """,
    # People of the organisation who are not in the program: only there so that
    # reporting lines can be followed through managers who are not enrolled.
    # The response id (or timestamp) of the form answer a row was imported from,
    # so importing the same or a grown export again adds only the new answers.
    # Where an avoid/fixed rule came from: a roster file's name, or the command line.
    "m006_org_chart_and_form_imports": """
        CREATE TABLE org (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT,
            manager TEXT COLLATE NOCASE,
            title TEXT,
            level INTEGER,
            department TEXT
        );
        ALTER TABLE sessions ADD COLUMN response_id TEXT;
        CREATE UNIQUE INDEX idx_sessions_response ON sessions(pair_id, response_id)
            WHERE response_id IS NOT NULL;
        ALTER TABLE checkins ADD COLUMN response_id TEXT;
        CREATE UNIQUE INDEX idx_checkins_response
            ON checkins(participant_id, topic, phase, response_id)
            WHERE response_id IS NOT NULL;
        ALTER TABLE pairing_rules ADD COLUMN source TEXT NOT NULL DEFAULT 'roster';
    """,
    # What a pair set out to do. The words are private like session notes, so
    # the view goal_progress carries counts and dates only.
    "m007_pair_goals": """
        CREATE TABLE pair_goals (
            id INTEGER PRIMARY KEY,
            pair_id INTEGER NOT NULL REFERENCES pairs(id),
            text TEXT NOT NULL,
            due TEXT,
            created_on TEXT NOT NULL,
            done_on TEXT,
            dropped_on TEXT,
            CHECK (done_on IS NULL OR dropped_on IS NULL)
        );
        CREATE INDEX idx_pair_goals_pair ON pair_goals(pair_id);
    """,
    # A roster's fixed pair may carry goals (JSON list of {text, due}); they are
    # added to the pair when it is made.
    "m007b_fixed_pair_goals": """
        ALTER TABLE pairing_rules ADD COLUMN goals_json TEXT NOT NULL DEFAULT '[]';
    """,
    # What was written or sent to whom, so nobody is reminded twice in a cadence
    # and a rerun of `--send` sends only what the server has not accepted yet.
    # Links put into messages, and mail settings other than the password (which
    # only ever comes from the environment).
    "m008_messages_and_mail_settings": """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL
                CHECK (kind IN ('intro', 'remind', 'checkin-reminder')),
            pair_id INTEGER REFERENCES pairs(id),
            participant TEXT COLLATE NOCASE,
            recipients TEXT NOT NULL DEFAULT '[]',
            subject TEXT NOT NULL,
            created_at TEXT NOT NULL,
            how TEXT NOT NULL
                CHECK (how IN ('terminal', 'markdown', 'json', 'eml', 'csv', 'sent')),
            status TEXT NOT NULL CHECK (status IN ('written', 'sent'))
        );
        CREATE INDEX idx_messages_pair ON messages(pair_id, kind);
        CREATE INDEX idx_messages_participant ON messages(participant, kind);
        ALTER TABLE program ADD COLUMN session_form_url TEXT;
        ALTER TABLE program ADD COLUMN checkin_form_url TEXT;
        ALTER TABLE program ADD COLUMN coordinator_email TEXT;
        ALTER TABLE program ADD COLUMN mail_from TEXT;
        ALTER TABLE program ADD COLUMN smtp_host TEXT;
        ALTER TABLE program ADD COLUMN smtp_port INTEGER;
        ALTER TABLE program ADD COLUMN smtp_user TEXT;
        ALTER TABLE program ADD COLUMN smtp_security TEXT;
    """,
    # Culture outcomes ("I feel heard by senior leaders") asked at check-ins on
    # an agreement scale and reported in a table of their own.
    "m009_program_statements": """
        ALTER TABLE program ADD COLUMN statements TEXT NOT NULL DEFAULT '[]';
    """,
    # These two steps changed views only (pair_status and unpaired_now added;
    # topic_outcomes's three-people rule): see VIEWS.
    "m009b_pair_status_and_unpaired_now": "",
    "m010_topic_outcomes_three_people": "",
    # Views only: the first meeting's grace and the program's end in
    # pair_status; topic_outcomes's change over the people who answered both.
    "m011_program_clock": "",
    # Each message has a state, so a mailing sends it exactly once: claimed
    # before it goes, then sent, refused or failed; a draft is not a delivery.
    # How a mail server took it is "email" (it was "sent", the status's word).
    "m012_message_states": """
        CREATE TABLE messages_new (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL
                CHECK (kind IN ('intro', 'remind', 'checkin-reminder')),
            pair_id INTEGER REFERENCES pairs(id),
            participant TEXT COLLATE NOCASE,
            recipients TEXT NOT NULL DEFAULT '[]',
            subject TEXT NOT NULL,
            created_at TEXT NOT NULL,
            how TEXT NOT NULL
                CHECK (how IN ('terminal', 'markdown', 'json', 'eml', 'csv', 'email')),
            status TEXT NOT NULL CHECK
                (status IN ('draft', 'claimed', 'sent', 'refused', 'failed'))
        );
        INSERT INTO messages_new SELECT id, kind, pair_id, participant, recipients,
            subject, created_at, replace(how, 'sent', 'email'),
            replace(status, 'written', 'draft') FROM messages;
        DROP TABLE messages;
        ALTER TABLE messages_new RENAME TO messages;
        CREATE INDEX idx_messages_pair ON messages(pair_id, kind);
        CREATE INDEX idx_messages_participant ON messages(participant, kind);
    """,
    # A view only: unpaired_now counts private-rule reasons instead of naming.
    "m013_unpaired_private_reasons": "",
    # Which form fields a prefilled link fills with what revmentor knows
    # (``{"mentor": "entry.1001"}``), so each pair and person gets their own link.
    "m014_form_prefill": """
        ALTER TABLE program ADD COLUMN session_form_prefill TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE program ADD COLUMN checkin_form_prefill TEXT NOT NULL DEFAULT '{}';
    """,
    # The days a channel digest was posted (or is being posted: claimed), so a
    # daily cron job posts one a week; never the webhook's address (a secret).
    "m015_digests": """
        CREATE TABLE digests (
            day TEXT PRIMARY KEY,
            status TEXT NOT NULL CHECK (status IN ('claimed', 'posted')),
            claimed_at TEXT NOT NULL,
            format TEXT NOT NULL
        );
    """,
    # Nothing to change in the file: backups hold the digests from here on.
    "m016_digests_in_backups": "",
}
MIGRATION_NAMES = list(STEPS)

# The views a coordinator can open in Datasette: the SELECT of each.
VIEWS = {
    "pair_progress": """
        SELECT
            pairs.id AS pair_id,
            mentor.email AS mentor,
            mentor.name AS mentor_name,
            mentee.email AS mentee,
            mentee.name AS mentee_name,
            pairs.round,
            pairs.paired_on,
            pairs.status,
            pairs.ended_on,
            COUNT(sessions.id) AS held,
            COALESCE(SUM(sessions.minutes), 0) AS minutes,
            MAX(sessions.date) AS last_session
        FROM pairs
        JOIN participants AS mentor ON mentor.id = pairs.mentor_id
        JOIN participants AS mentee ON mentee.id = pairs.mentee_id
        LEFT JOIN sessions ON sessions.pair_id = pairs.id
        GROUP BY pairs.id
    """,
    # As in the report: each person's latest answer per topic and phase; a
    # phase's mean only when three people or more answered it, so that nobody's
    # own score can be read; the change over the people who answered both.
    "topic_outcomes": """
        WITH latest AS (
            SELECT * FROM (
                SELECT participant_id, topic, phase, score, ROW_NUMBER() OVER (
                    PARTITION BY participant_id, topic, phase ORDER BY date DESC, id DESC
                ) AS nth FROM checkins
            ) WHERE nth = 1
        ),
        counted AS (
            SELECT
                topic,
                COUNT(CASE WHEN phase = 'baseline' THEN 1 END) AS baseline_n,
                AVG(CASE WHEN phase = 'baseline' THEN score END) AS baseline_avg,
                COUNT(CASE WHEN phase = 'midpoint' THEN 1 END) AS midpoint_n,
                AVG(CASE WHEN phase = 'midpoint' THEN score END) AS midpoint_avg,
                COUNT(CASE WHEN phase = 'final' THEN 1 END) AS final_n,
                AVG(CASE WHEN phase = 'final' THEN score END) AS final_avg
            FROM latest
            GROUP BY topic
        ),
        both_phases AS (
            SELECT base.topic, COUNT(*) AS change_n, AVG(final.score - base.score) AS change
            FROM latest AS base JOIN latest AS final
                ON final.participant_id = base.participant_id AND final.topic = base.topic
            WHERE base.phase = 'baseline' AND final.phase = 'final'
            GROUP BY base.topic
        )
        SELECT
            topic,
            baseline_n,
            CASE WHEN baseline_n >= 3 THEN baseline_avg END AS baseline_mean,
            midpoint_n,
            CASE WHEN midpoint_n >= 3 THEN midpoint_avg END AS midpoint_mean,
            final_n,
            CASE WHEN final_n >= 3 THEN final_avg END AS final_mean,
            CASE WHEN change_n >= 3 THEN change END AS change,
            COALESCE(change_n, 0) AS change_n
        FROM counted LEFT JOIN both_phases USING (topic)
    """,
    # Counts and dates only: a goal's words are private like session notes.
    "goal_progress": """
        SELECT
            pairs.id AS pair_id,
            mentor.email AS mentor,
            mentee.email AS mentee,
            pairs.round,
            pairs.status AS pair_status,
            COUNT(goal.id) AS goals_set,
            COUNT(goal.done_on) AS reached,
            COUNT(CASE WHEN goal.is_open THEN 1 END) AS open,
            COUNT(CASE WHEN goal.is_open AND goal.due < date('now', 'localtime')
                       THEN 1 END) AS overdue,
            COUNT(goal.dropped_on) AS dropped,
            MIN(CASE WHEN goal.is_open THEN goal.due END) AS next_due,
            MAX(goal.done_on) AS last_reached
        FROM pairs
        JOIN participants AS mentor ON mentor.id = pairs.mentor_id
        JOIN participants AS mentee ON mentee.id = pairs.mentee_id
        LEFT JOIN (
            SELECT *, done_on IS NULL AND dropped_on IS NULL AS is_open FROM pair_goals
        ) AS goal ON goal.pair_id = pairs.id
        GROUP BY pairs.id
    """,
    # pair_status and unpaired_now are computed as `revmentor report` computes
    # them for today (see domain/progress.py for the rules). No notes, end
    # reasons, goals' words or attributes: only dates, counts and names.
    # Topics covered: one per spelling (compared without case or spaces), as
    # the session that covered it first wrote it, in the order covered.
    "pair_status": """
        WITH now AS (
            SELECT today, cadence, MIN(today, COALESCE(program_end, today)) AS frozen
            FROM (
                SELECT date('now', 'localtime') AS today, MAX(cadence_days, 1) AS cadence,
                    date(MAX(COALESCE(start, began), COALESCE(began, start)),
                        printf('+%d days', 7 * length_weeks)) AS program_end
                FROM program, (SELECT MIN(paired_on) AS began FROM pairs WHERE round > 1
                    AND round = (SELECT MAX(round) FROM pairs))
                WHERE id = 1
            )
        ),
        past AS (
            SELECT sessions.* FROM sessions, now
            WHERE sessions.date < date(now.today, '+1 day')
        ),
        covered AS (
            SELECT pair_id, json_group_array(topic) AS topics FROM (
                SELECT pair_id, topic.value AS topic,
                    MIN(printf('%s|%012d|%06d', date, past.id, topic.key)) AS seen
                FROM past, json_each(
                    CASE WHEN json_valid(topics) THEN topics ELSE '[]' END) AS topic
                WHERE topic.type = 'text' AND trim(topic.value) != ''
                GROUP BY pair_id, lower(replace(topic.value, ' ', ''))
                ORDER BY pair_id, seen
            ) GROUP BY pair_id
        ),
        state AS (
            SELECT
                pairs.*,
                status = 'ended' AND (ended_on IS NULL OR ended_on <= today) AS ended_now,
                CASE WHEN status = 'ended' AND ended_on <= today
                    THEN MIN(date(ended_on), frozen) ELSE frozen END AS until,
                (SELECT COUNT(*) FROM past WHERE pair_id = pairs.id) AS held,
                (SELECT MAX(date) FROM past WHERE pair_id = pairs.id) AS last_session,
                (SELECT topics FROM covered WHERE pair_id = pairs.id) AS topics,
                now.*
            FROM pairs, now
            WHERE pairs.paired_on <= now.today
        ),
        figures AS (
            SELECT
                state.*,
                MAX(0, CAST(julianday(until) - julianday(date(paired_on)) AS INTEGER)
                    - cadence) / cadence AS expected,
                MAX(0, CAST(julianday(frozen) - julianday(COALESCE(
                    MAX(date(last_session), date(paired_on)), date(paired_on))
                ) AS INTEGER)) AS days_since_contact
            FROM state
        )
        SELECT
            figures.id AS pair_id,
            mentor.email AS mentor,
            mentor.name AS mentor_name,
            mentee.email AS mentee,
            mentee.name AS mentee_name,
            figures.round,
            figures.paired_on,
            figures.expected,
            figures.held,
            figures.last_session,
            figures.days_since_contact,
            CASE
                WHEN figures.ended_now THEN 'ended'
                WHEN figures.days_since_contact > 2 * figures.cadence THEN 'stalled'
                WHEN figures.held < figures.expected THEN 'behind'
                ELSE 'on track'
            END AS status,
            COALESCE(figures.topics, '[]') AS topics_covered,
            CASE WHEN figures.ended_now THEN figures.ended_on END AS ended_on
        FROM figures
        JOIN participants AS mentor ON mentor.id = figures.mentor_id
        JOIN participants AS mentee ON mentee.id = figures.mentee_id
    """,
    # sides: each pair begun by today, once from either side.
    "unpaired_now": """
        WITH today AS (SELECT date('now', 'localtime') AS day),
        sides AS (
            SELECT pairs.*, mentor_id AS person, mentee_id AS partner
            FROM pairs, today WHERE paired_on <= today.day
            UNION ALL
            SELECT pairs.*, mentee_id, mentor_id
            FROM pairs, today WHERE paired_on <= today.day
        ),
        found AS (
        SELECT
            participants.email,
            participants.name,
            participants.role,
            participants.department,
            COALESCE(
                (SELECT unpaired.reason FROM unpaired, today
                 WHERE unpaired.participant_id = participants.id
                    AND unpaired.computed_on <= today.day),
                (SELECT 'their pair with ' || partner.name || ' ended'
                        || COALESCE(' on ' || ended.ended_on, '')
                        || '; not paired again yet'
                 FROM sides AS ended
                 JOIN participants AS partner ON partner.id = ended.partner
                 WHERE ended.person = participants.id AND ended.status = 'ended'
                 ORDER BY COALESCE(ended.ended_on, ended.paired_on) DESC, ended.id DESC
                 LIMIT 1),
                'not paired yet'
            ) AS reason
        FROM participants
        WHERE participants.status = 'active'
            AND participants.id NOT IN (
                SELECT person FROM sides, today WHERE NOT (
                    status = 'ended' AND (ended_on IS NULL OR ended_on <= today.day)))
        )
        -- A rule on someone's own (often private) values: counted, never named
        -- (the beginnings of domain/pairing/reasons.py PRIVATE_UNPAIRED).
        SELECT
            CASE WHEN hidden THEN NULL ELSE email END AS email,
            CASE WHEN hidden THEN NULL ELSE name END AS name,
            role,
            CASE WHEN hidden THEN NULL ELSE department END AS department,
            reason
        FROM (
            SELECT *, (reason LIKE 'does not meet the rule %' OR reason LIKE 'has no %')
                AS hidden
            FROM found
        )
        ORDER BY role != 'mentee', hidden, lower(name), email
    """,
}


def _run(db: sqlite_utils.Database, script: str) -> None:
    """Run a step's statements one by one, inside the step's transaction
    (``executescript`` would commit first). No statement of a step holds a
    semicolon of its own."""
    db.register_function(legacy_code, deterministic=True)  # for m005
    for statement in filter(str.strip, script.split(";")):
        db.execute(statement)


migrations = sqlite_utils.Migrations("revmentor")
for _name, _script in STEPS.items():
    migrations(name=_name)(lambda db, script=_script: _run(db, script))


def upgrade(db: sqlite_utils.Database) -> None:
    """Apply the pending steps and re-create the views, all or nothing."""
    with db.atomic():
        migrations.apply(db)
        for name, sql in VIEWS.items():
            db.create_view(name, sql, replace=True)
