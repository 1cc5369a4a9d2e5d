from core.diffs import MAX_DIFF_TOKENS, side_by_side, word_diff


def test_inline_diff_marks_removed_and_added_words_in_the_new_text():
    html = word_diff(
        "Serveringssteder skal ikke skjenke alkohol.", "Serveringssteder skal ikke skjenke alkohol etter kl. 22.00."
    )
    assert html == "Serveringssteder skal ikke skjenke <del>alkohol.</del><ins>alkohol etter kl. 22.00.</ins>"


def test_side_by_side_marks_removed_words_left_and_added_words_right():
    assert side_by_side("status submitted", "status adopted") == (
        "status <del>submitted</del>",
        "status <ins>adopted</ins>",
    )
    assert side_by_side("", "ny") == ("", "<ins>ny</ins>")
    assert side_by_side("samme", "samme") == ("samme", "samme")


def test_every_word_is_escaped():
    assert word_diff("<b>a</b>", "<b>a</b> <script>") == "&lt;b&gt;a&lt;/b&gt;<ins> &lt;script&gt;</ins>"
    assert side_by_side("<i>", "") == ("<del>&lt;i&gt;</del>", "")


def test_a_very_long_changed_paragraph_is_marked_whole_instead_of_word_by_word():
    old = " ".join(f"ord{i}" for i in range(MAX_DIFF_TOKENS))
    new = " ".join(f"nytt{i}" for i in range(MAX_DIFF_TOKENS))
    assert word_diff(old, new) == f"<del>{old}</del><ins>{new}</ins>"
    assert side_by_side(old, new) == (f"<del>{old}</del>", f"<ins>{new}</ins>")
    assert word_diff(old, old) == old and side_by_side(old, old) == (old, old)
    # Only the changed middle counts: what both begin and end with is the same text.
    framed_old, framed_new = f"Innledning. {old} Avslutning.", f"Innledning. {new} Avslutning."
    assert word_diff(framed_old, framed_new) == f"Innledning. <del>{old}</del><ins>{new}</ins> Avslutning."


def test_one_word_changed_in_a_very_long_paragraph_is_marked_alone():
    words = [f"ord{i}" for i in range(MAX_DIFF_TOKENS)]
    old, new = " ".join(words), " ".join([*words[:2000], "endret", *words[2001:]])
    assert word_diff(old, new) == " ".join(words[:2000]) + " <del>ord2000</del><ins>endret</ins> " + " ".join(
        words[2001:]
    )
    assert side_by_side(old + " slutt", old) == (old + "<del> slutt</del>", old)
