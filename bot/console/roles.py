"""Who may do what in the console. Checked on the server for every page and action."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    ADMIN = "admin"  # everything: erase and export leads, set the threshold, the team
    MARKETER = "marketer"  # leads, conversations, CSV exports
    SDR = "sdr"  # leads and conversations: read only


class Permission(enum.StrEnum):
    READ = "read"  # leads, lead pages, conversations
    EXPORT_LIST = "export_list"  # the leads list as CSV
    GDPR = "gdpr"  # a lead's full export (JSON) and its erasure
    THRESHOLD = "threshold"  # apply or undo an SDR-ready threshold (calibration)


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.MARKETER: frozenset({Permission.READ, Permission.EXPORT_LIST}),
    Role.SDR: frozenset({Permission.READ}),
}


def may(role: str, permission: Permission) -> bool:
    try:
        return permission in GRANTS[Role(role)]
    except ValueError:  # a role this version does not know grants nothing
        return False
