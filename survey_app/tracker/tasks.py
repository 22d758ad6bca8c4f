"""Remediation plans: per criterion, tasks with an owner, a product and a deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from survey_app.core.audit import record_event
from survey_app.models import (
    Agency,
    Criterion,
    CriterionSet,
    RemediationTask,
    TaskStatus,
    User,
)


@dataclass(frozen=True, slots=True)
class TaskValues:
    """What a task says: who, what, which product, by when, where it stands."""

    person: str
    what: str
    product: str
    deadline: date
    status: TaskStatus = TaskStatus.PLANNED


def fetch_tasks(session: Session, criterion: Criterion) -> list[RemediationTask]:
    """The criterion's plan, by deadline."""
    return list(
        session.scalars(
            select(RemediationTask)
            .where(RemediationTask.criterion_id == criterion.id)
            .order_by(RemediationTask.deadline, RemediationTask.id)
        )
    )


def _apply(task: RemediationTask, values: TaskValues, today: date) -> None:
    task.person = values.person.strip()
    task.what = values.what.strip()
    task.product = values.product.strip()
    task.deadline = values.deadline
    if values.status is TaskStatus.DONE and task.status is not TaskStatus.DONE:
        task.done_on = today
    elif values.status is not TaskStatus.DONE:
        task.done_on = None
    task.status = values.status


def save_task(
    session: Session,
    actor: User,
    criterion: Criterion,
    *,
    owner: Agency,
    values: TaskValues,
    today: date,
    task: RemediationTask | None = None,
) -> RemediationTask:
    """Add a task to the criterion's plan, or change ``task``; commits."""
    if task is None:
        task = RemediationTask(criterion=criterion, owner_agency=owner)
        session.add(task)
    _apply(task, values, today)
    session.flush()
    record_event(
        session,
        actor,
        "tracker.task",
        "remediation_task",
        task.id,
        criterion=criterion.code,
        status=task.status.value,
        deadline=task.deadline.isoformat(),
    )
    session.commit()
    return task


def fetch_overdue_tasks(
    session: Session, criterion_set: CriterionSet, today: date
) -> list[RemediationTask]:
    """The set's tasks not done and past their deadline, most overdue first."""
    return list(
        session.scalars(
            select(RemediationTask)
            .join(RemediationTask.criterion)
            .where(
                Criterion.set_id == criterion_set.id,
                RemediationTask.status != TaskStatus.DONE,
                RemediationTask.deadline < today,
            )
            .options(
                selectinload(RemediationTask.criterion),
                selectinload(RemediationTask.owner_agency),
            )
            .order_by(RemediationTask.deadline, RemediationTask.id)
        )
    )
