"""Reads the credits services and pages share: the cached configuration (kinds, formula, rules
with their board overrides), a board's effective rules and a member's balances."""

import ast
import functools
import logging
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _

from luntan.core.shared_config import forget_shared_config, shared_config
from luntan.threads.models import Thread

from .formula import DEFAULT_FORMULA, FormulaError, describe, parse_formula
from .models import (
    SLOT_FIELDS,
    BoardCreditRule,
    CreditKind,
    CreditLog,
    CreditRule,
    CreditSettings,
    MemberCredits,
)

logger = logging.getLogger(__name__)

_CACHE_KEY = "credits:config:v1"


@dataclass(frozen=True)
class RuleConfig:
    pk: int
    action: str
    name: str
    cycle: int
    max_rewards: int
    amounts: tuple[int, ...]
    board_amounts: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def amounts_in(self, board_id: int | None) -> tuple[int, ...]:
        if board_id is None:
            return self.amounts
        return self.board_amounts.get(board_id, self.amounts)

    @property
    def is_unlimited(self) -> bool:
        return self.cycle == CreditRule.Cycle.UNLIMITED


@dataclass(frozen=True)
class CreditConfig:
    kinds: tuple[CreditKind, ...]
    formula: str
    rules: dict[str, RuleConfig]

    @property
    def enabled_kinds(self) -> tuple[CreditKind, ...]:
        return tuple(kind for kind in self.kinds if kind.is_enabled)

    @property
    def public_kinds(self) -> tuple[CreditKind, ...]:
        return tuple(kind for kind in self.kinds if kind.is_enabled and kind.is_visible)

    def only_enabled(self, amounts: tuple[int, ...]) -> tuple[int, ...]:
        """The amounts with every disabled kind's left out (as 0): a disabled kind never moves."""
        enabled = {kind.slot for kind in self.enabled_kinds}
        return tuple(a if slot in enabled else 0 for slot, a in enumerate(amounts, start=1))

    @property
    def formula_tree(self) -> ast.expr:
        return _parsed(self.formula)

    def formula_text_for_readers(self) -> str:
        labels = {"posts": _("发帖数"), "threads": _("主题数"), "digests": _("精华帖数")}
        labels.update({kind.field: kind.name for kind in self.kinds})
        return describe(self.formula_tree, labels)


@functools.lru_cache(maxsize=8)
def _parsed(text: str) -> ast.expr:
    try:
        return parse_formula(text)
    except FormulaError:
        # Only reachable when the row was written around the admin form's validation.
        logger.warning("invalid credits formula %r; using the default", text)
        return parse_formula(DEFAULT_FORMULA)


def credit_config() -> CreditConfig:
    return shared_config(_CACHE_KEY, _read_credit_config)


def _read_credit_config() -> CreditConfig:
    settings_row = CreditSettings.objects.filter(pk=1).first()
    overrides: dict[int, dict[int, tuple[int, ...]]] = {}
    for row in BoardCreditRule.objects.order_by("pk"):
        overrides.setdefault(row.rule_id, {})[row.board_id] = row.amounts
    rules = {
        rule.action: RuleConfig(
            pk=rule.pk,
            action=rule.action,
            name=rule.name,
            cycle=rule.cycle,
            max_rewards=rule.max_rewards,
            amounts=rule.amounts,
            board_amounts=overrides.get(rule.pk, {}),
        )
        for rule in CreditRule.objects.all()
    }
    return CreditConfig(
        kinds=tuple(CreditKind.objects.all()),
        formula=settings_row.formula if settings_row else DEFAULT_FORMULA,
        rules=rules,
    )


def forget_credit_config() -> None:
    forget_shared_config(_CACHE_KEY)


@dataclass(frozen=True)
class EffectiveRule:
    """One line of 本版积分规则: a rule as it applies on a board, its changes per public kind."""

    name: str
    cycle_label: str
    max_rewards: int | None
    changes: tuple[int, ...]
    overridden: bool


def effective_rules(board_id: int) -> tuple[tuple[CreditKind, ...], list[EffectiveRule]]:
    """The public kinds (the table's columns) and every rule that changes one of them on the
    board, with the board's own amounts where it has them."""
    config = credit_config()
    kinds = config.public_kinds
    lines = []
    for rule in config.rules.values():
        amounts = rule.amounts_in(board_id)
        changes = tuple(amounts[kind.slot - 1] for kind in kinds)
        if not any(changes):
            continue
        lines.append(
            EffectiveRule(
                name=rule.name,
                cycle_label=CreditRule.Cycle(rule.cycle).label,
                max_rewards=None if rule.is_unlimited else rule.max_rewards,
                changes=changes,
                overridden=board_id in rule.board_amounts,
            )
        )
    return kinds, lines


@dataclass(frozen=True)
class Balance:
    kind: CreditKind
    amount: int


def public_balances(user) -> list[Balance]:
    """The member's balance of each public kind, for their profile and credit log."""
    row = MemberCredits.objects.filter(user=user).first()
    return [
        Balance(kind=kind, amount=getattr(row, kind.field) if row else 0)
        for kind in credit_config().public_kinds
    ]


@dataclass(frozen=True)
class CreditLogLine:
    log: CreditLog
    changes: tuple[int, ...]
    thread: Thread | None


def credit_log_lines(user, perms, *, start: int, count: int) -> tuple[list[CreditLogLine], int]:
    """One page of the member's log (changes per public kind) and the log's length. A line
    names its thread only while the member may still read it."""
    logs = CreditLog.objects.filter(user=user)
    total = logs.count()
    rows = (
        logs.select_related("thread__board", "actor")
        .annotate(post_floor=F("post__floor"))
        .order_by("-created_at", "-pk")[start : start + count]
    )
    kinds = credit_config().public_kinds
    lines = []
    for log in rows:
        thread = log.thread
        if thread is not None and (thread.is_deleted or not perms.can_read_thread(thread)):
            thread = None
        changes = tuple(log.amounts[kind.slot - 1] for kind in kinds)
        lines.append(CreditLogLine(log=log, changes=changes, thread=thread))
    return lines, total


def amounts_by_field(amounts: tuple[int, ...]) -> dict[str, int]:
    return dict(zip(SLOT_FIELDS, amounts, strict=True))
