"""Saving an edited codebook as a new version of the project's codebook.

Owns: the use case "the codebook dialog changed labels": refuse to drop labels that
annotations still use, bump the version, store it with its event in one transaction.
Must not import: Qt.
"""

from __future__ import annotations

from dataclasses import replace

from annotator.app.importing import bump_version
from annotator.app.session import AnnotationSession, SessionError
from annotator.core.codebook import codebook_from_dict, codebook_to_dict
from annotator.core.history import Changes
from annotator.core.model import Codebook


def save_codebook(session: AnnotationSession, codebook: Codebook) -> Changes:
    """Store ``codebook`` as the next version of the project's codebook.

    The version is always bumped from the current one, whatever ``codebook.version``
    says, so annotations keep pointing at the version they were made under.

    Raises:
        SessionError: the codebook is invalid, or it drops a label that annotations use.
    """
    current = session.codebook
    try:
        codebook_from_dict(codebook_to_dict(codebook), "codebook")
    except ValueError as exc:
        raise SessionError(str(exc)) from exc
    used = session.project.label_counts()
    dropped = [name for name in current.label_names
               if codebook.label(name) is None and sum(used.get(name, {}).values())]
    if dropped:
        raise SessionError(f"label {', '.join(dropped)} is still used by annotations; "
                           "delete those spans before removing or renaming it")
    new = replace(codebook, name=current.name, version=bump_version(current.version))
    with session.project.atomic():
        session.project.save_codebook(new)
        session.project.log_event(session.annotator, "edit codebook", None,
                                  {"version": new.version, "labels": list(new.label_names)})
    session.reload_codebook()
    return Changes(codebook=True, message=f"Codebook saved as version {new.version}")
