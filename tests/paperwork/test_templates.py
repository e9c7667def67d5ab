"""Templates are effective-dated data: an upload applies to forms dated from its start, and a form
generated earlier is never changed by it. The built-in templates are reproducible from the script."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from partycell.paperwork.layout import BUILT_IN_DIRECTORY, build_all, file_name
from partycell.paperwork.rendering import builtin_template, document_text
from partycell.paperwork.services import form_generate, form_template_upload
from partycell.paperwork.specs import SPECS
from tests.walk import D
from workflows.enums import FormCode


def _template_saying(text: str) -> bytes:
    """The built-in 6-KNĐ with one more paragraph."""
    document = Document(io.BytesIO(builtin_template(FormCode.CELL_RESOLUTION)))
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_committed_templates_are_what_the_script_writes(tmp_path):
    build_all(tmp_path)

    for code in SPECS:
        with zipfile.ZipFile(tmp_path / file_name(code)) as built, \
                zipfile.ZipFile(BUILT_IN_DIRECTORY / file_name(code)) as committed:  # fmt: skip
            assert built.read("word/document.xml") == committed.read("word/document.xml"), code
            assert built.read("word/styles.xml") == committed.read("word/styles.xml"), code


def test_built_in_templates_use_times_new_roman_on_a4():
    for code in SPECS:
        document = Document(BUILT_IN_DIRECTORY / file_name(code))
        section = document.sections[0]
        assert document.styles["Normal"].font.name == "Times New Roman"
        assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
        assert round(section.left_margin.cm, 1) == 3.0


def test_a_template_uploaded_with_a_later_start_leaves_an_earlier_form_unchanged(official, secretary):
    before = form_generate(candidacy=official, code=FormCode.CELL_RESOLUTION, actor=secretary)
    stored = bytes(before.content)

    # The resolution is dated 3 March 2026; the new template starts the next day.
    form_template_upload(code=FormCode.CELL_RESOLUTION, effective_from=D(2026, 3, 4),
                         content=_template_saying("MẪU MỚI 2026"), actor=secretary)  # fmt: skip
    again = form_generate(candidacy=official, code=FormCode.CELL_RESOLUTION, actor=secretary)
    before.refresh_from_db()

    assert again.pk == before.pk
    assert bytes(before.content) == stored
    assert "MẪU MỚI 2026" not in document_text(bytes(again.content))


def test_a_template_in_force_on_the_form_date_writes_new_forms(official, secretary):
    before = form_generate(candidacy=official, code=FormCode.CELL_RESOLUTION, actor=secretary)
    stored = bytes(before.content)

    template = form_template_upload(code=FormCode.CELL_RESOLUTION, effective_from=D(2026, 1, 1),
                                    content=_template_saying("MẪU MỚI 2026"), actor=secretary)  # fmt: skip
    after = form_generate(candidacy=official, code=FormCode.CELL_RESOLUTION, actor=secretary)
    before.refresh_from_db()

    assert after.pk != before.pk and after.template == template
    assert "MẪU MỚI 2026" in document_text(bytes(after.content))
    assert "tán thành 6 đồng chí" in document_text(bytes(after.content))
    assert bytes(before.content) == stored  # the earlier form is still served as it was


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "not a .docx file"),
        (b"PK\x03\x04broken", "not a .docx file"),
    ],
)
def test_an_upload_that_is_not_a_docx_is_refused(db, secretary, content, message):
    with pytest.raises(ValidationError) as refused:
        form_template_upload(code=FormCode.CELL_RESOLUTION, effective_from=D(2026, 1, 1), content=content,
                             actor=secretary)  # fmt: skip

    assert message in str(refused.value)


def test_an_upload_with_a_misspelt_variable_is_refused(db, secretary):
    with pytest.raises(ValidationError) as refused:
        form_template_upload(code=FormCode.CELL_RESOLUTION, effective_from=D(2026, 1, 1),
                             content=_template_saying("{{ c.ful_name }}"), actor=secretary)  # fmt: skip

    assert "ful_name" in str(refused.value)


def test_an_upload_with_broken_jinja_is_refused(db, secretary):
    with pytest.raises(ValidationError):
        form_template_upload(code=FormCode.CELL_RESOLUTION, effective_from=D(2026, 1, 1),
                             content=_template_saying("{% if %}"), actor=secretary)  # fmt: skip


def test_sample_data_names_every_variable_a_form_is_filled_with(official):
    from partycell.paperwork.context import form_data, sample_data

    _dated, data = form_data(official, FormCode.CELL_RESOLUTION)
    sample = sample_data()

    assert set(sample) == set(data)
    assert {key: set(value) for key, value in sample.items() if isinstance(value, dict)} == {
        key: set(value) for key, value in data.items() if isinstance(value, dict)
    }
