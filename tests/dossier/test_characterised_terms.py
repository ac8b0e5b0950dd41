"""A short term a named speaker gives as their word is a statement, shown with what the text says
the speaker does with it (the words alone would say nothing: »makværk«)."""

from __future__ import annotations

from dossier.analysis.statements import find_statements


def test_a_term_is_shown_with_what_its_speaker_does_with_it(registry) -> None:
    text = (
        "Mette Feifer, markedsdirektør i Dansk Erhverv, kalder de kommunale klubber for "
        "»offentligt opgavetyveri«. Christian Torp siger: »Vi bød lavest, og det kan vi vise.«"
    )
    term, speech = find_statements(text, registry)
    assert (term.person, term.text) == ("mette-feifer", "offentligt opgavetyveri")
    assert term.said == "kalder de kommunale klubber for »offentligt opgavetyveri«"
    assert speech.person == "christian-torp" and speech.said == ""  # speech stands alone
