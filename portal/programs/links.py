"""The links behind the QR codes of the printed program: one per exercise of the issued program.

A link holds a random token and nothing else (`secrets.token_urlsafe(16)`, 128 bits): not the person, not the
program, not the exercise. The database finds it by its SHA-256 hash, so a copy of the table opens nothing; it is also
kept encrypted with the app's Fernet key (the one that encrypts CPR numbers), so the print and the PDF can show the
same code every time they are made, and a sheet printed last month still works. When a new program is issued to the
person, the links of their earlier programs are revoked: the old sheet then opens a page that says it is no longer in
use. Services flush; the request edge commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask import current_app
from sqlalchemy.orm import joinedload, selectinload, undefer

from portal.database import rows_changed, utcnow
from portal.extensions import db
from portal.models import Exercise, ExerciseLink, Program, ProgramItem


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _fernet() -> Fernet:
    return Fernet(current_app.config["CPR_ENCRYPTION_KEY"])


def mint(program: Program) -> int:
    """Gives every exercise of the program that has none a link of its own; the number made."""
    have = set(
        db.session.scalars(
            sa.select(ExerciseLink.program_item_id).where(
                ExerciseLink.program_item_id.in_([item.id for item in program.items])
            )
        )
    )
    made = 0
    for item in program.items:
        if item.id in have:
            continue
        token = secrets.token_urlsafe(16)
        db.session.add(
            ExerciseLink(
                program_item_id=item.id,
                token_hash=token_hash(token),
                token_encrypted=_fernet().encrypt(token.encode()).decode(),
            )
        )
        made += 1
    db.session.flush()
    return made


def revoke_earlier(program: Program, at: datetime | None = None) -> int:
    """Revokes the links of the person's other programs, now that this one replaces them; the number revoked."""
    others = (
        sa.select(ProgramItem.id)
        .join(Program, ProgramItem.program_id == Program.id)
        .where(Program.person_id == program.person_id, Program.id != program.id)
    )
    revoked = rows_changed(
        sa.update(ExerciseLink)
        .where(ExerciseLink.program_item_id.in_(others), ExerciseLink.revoked_at.is_(None))
        .values(revoked_at=at or utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return revoked


def issue(program: Program, at: datetime | None = None) -> None:
    """What issuing a program means for its links: its exercises get theirs, and the earlier programs' stop."""
    mint(program)
    revoke_earlier(program, at)


def tokens_for(program: Program) -> dict[int, str]:
    """The live token of each exercise of the program, by program item id: one query."""
    rows = db.session.execute(
        sa.select(ExerciseLink.program_item_id, ExerciseLink.token_encrypted).where(
            ExerciseLink.program_item_id.in_([item.id for item in program.items]), ExerciseLink.revoked_at.is_(None)
        )
    )
    fernet = _fernet()
    return {item_id: fernet.decrypt(encrypted.encode()).decode() for item_id, encrypted in rows}


FoundLink = tuple[ExerciseLink, ProgramItem]


def find(token: str) -> FoundLink | None:
    """The link and its exercise with the dose, revoked or not, for a token of an issued program: one query."""
    row = db.session.execute(
        sa.select(ExerciseLink, ProgramItem)
        .join(ProgramItem, ExerciseLink.program_item_id == ProgramItem.id)
        .join(Program, ProgramItem.program_id == Program.id)
        .where(ExerciseLink.token_hash == token_hash(token), Program.issued_at.is_not(None))
        .options(joinedload(ProgramItem.exercise))
    ).first()
    return (row[0], row[1]) if row else None


def with_image(exercise_id: int) -> Exercise | None:
    """The exercise with its uploaded picture loaded (it is deferred everywhere else)."""
    return db.session.scalar(sa.select(Exercise).where(Exercise.id == exercise_id).options(undefer(Exercise.image)))


def mint_for_newest_programs() -> int:
    """Links for each person's newest issued program that lacks them: for programs issued before the links came.
    The number of links made."""
    newest = (
        sa.select(Program.person_id, sa.func.max(Program.issued_at).label("issued_at"))
        .where(Program.issued_at.is_not(None))
        .group_by(Program.person_id)
        .subquery()
    )
    programs = db.session.scalars(
        sa.select(Program)
        .join(newest, sa.and_(Program.person_id == newest.c.person_id, Program.issued_at == newest.c.issued_at))
        .options(selectinload(Program.items))
    ).all()
    return sum(mint(program) for program in programs)
