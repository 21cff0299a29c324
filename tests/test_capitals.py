"""capitals: what an office read from the title-cased view is in the text as written."""

from congress_extract.extract import capitals


def test_an_office_is_given_back_as_written_at_the_mention_not_at_its_first_occurrence():
    text = "Hội TRẦN VĂN ƠN họp. Ông Lê An, Chủ tịch Hội TRẦN VĂN Ơn, phát biểu."
    view = "Hội Trần Văn Ơn họp. Ông Lê An, Chủ tịch Hội Trần Văn Ơn, phát biểu."
    assert capitals.as_written(text, view, "Hội Trần Văn Ơn", text.index("Lê An")) == "Hội TRẦN VĂN Ơn"
