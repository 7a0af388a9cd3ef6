"""
Press releases imported as draft articles, after an editor's review.

Shared by ``manage.py import_documents`` and the admin's "Import press
releases": ``archives`` yields the files of an upload, a .zip or a folder;
``proposals`` says what each would become (and why it is refused);
``saving`` saves a confirmed proposal, completely or not at all. Every file is
imported once, whatever its line endings or byte-order mark, and a changed
text from the same address is offered as an update of its draft.
"""

from articles.importing.archives import Entry, entries, folder_entries
from articles.importing.catalogue import Catalogue, PersonFound
from articles.importing.proposals import EventProposal, Outcome, Proposal, propose
from articles.importing.saving import NotConfirmable, save_proposal

__all__ = [
    "Catalogue",
    "Entry",
    "EventProposal",
    "NotConfirmable",
    "Outcome",
    "PersonFound",
    "Proposal",
    "entries",
    "folder_entries",
    "propose",
    "save_proposal",
]
