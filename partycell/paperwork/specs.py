"""The KNĐ forms PartyCell fills, as data: who issues each, its number's symbol, its title and its text.

One ``FormSpec`` per form of 12-HD/BTCTW (2022) that a step of the procedure produces. The texts are
Jinja (docxtpl) with the variables of ``partycell.paperwork.context``; ``partycell.paperwork.layout``
writes them into the built-in .docx templates in the Party's document format (Hướng dẫn
36-HD/VPTW). An administrator replaces a form's template by uploading a new .docx with a start date
(``FormTemplate``); the spec still says who issues the form and from which step it is offered.

Official documents are written in Vietnamese whatever the user's language, so the texts are not
translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workflows.enums import Action, FormCode, Phase, VoteBody


class Issuer:
    """Who issues (and signs) a form."""

    CELL = "cell"  # the cell (its secretary signs for the cell or its committee)
    PARTIAL = "partial"  # the partial party committee
    GRASSROOTS = "grassroots"  # the grassroots party committee
    COMPETENT = "competent"  # the committee competent to decide
    PERSON = "person"  # the candidate, an introducer or a helper, in their own name


@dataclass(frozen=True)
class FormSpec:
    code: str
    issuer: str
    action: str  # the step whose file holds it
    title: str
    subtitle: str = ""
    symbol: str = ""  # the number's symbol when it has one: 12-NQ/CB → "NQ/CB"
    signing_body: str = ""  # "T/M CHI BỘ"; empty for a person signing in their own name
    signer_title: str = "BÍ THƯ"
    salutation: str = ""  # "Kính gửi: …"
    body: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    vote: tuple[str, str] | None = None  # (phase, body) of the vote it records
    centred_preamble: tuple[str, ...] = field(default=())  # a decision's issuing body and grounds


_PROPOSAL_FROM_CELL = (
    "Sau khi nghe báo cáo của người giới thiệu ({{ introducers }}) và ý kiến nhận xét của tổ chức đoàn thể, "
    "chi ủy nơi cư trú, Chi bộ nhận thấy quần chúng {{ c.full_name }} có đủ điều kiện, tiêu chuẩn vào Đảng "
    "theo quy định của Điều lệ Đảng."
)

SPECS: dict[str, FormSpec] = {
    spec.code: spec
    for spec in (
        FormSpec(
            FormCode.APPLICATION, Issuer.PERSON, Action.FILE_OPEN, "ĐƠN XIN VÀO ĐẢNG",
            signer_title="NGƯỜI LÀM ĐƠN",
            salutation="Kính gửi: {{ cell }}",
            body=(
                "Tôi là: {{ c.full_name }}; giới tính: {{ c.sex }}; sinh ngày {{ c.date_of_birth }}.",
                "Dân tộc: {{ c.ethnic_group }}; tôn giáo: {{ c.religion }}.",
                "Nơi ở hiện nay: {{ c.residence }}.",
                "Nghề nghiệp: {{ c.occupation }}; nơi làm việc, học tập: {{ c.workplace }}.",
                "Trình độ giáo dục phổ thông: {{ c.education }}.",
                "Qua học tập, nghiên cứu Điều lệ Đảng và được giáo dục, bồi dưỡng về Đảng, tôi nhận thức được "
                "mục đích, lý tưởng của Đảng: …………………………………………………………………………",
                "Tôi tự nguyện làm đơn này, đề nghị Chi bộ xem xét, kết nạp tôi vào Đảng Cộng sản Việt Nam. "
                "Nếu được kết nạp, tôi xin hứa tuyệt đối trung thành với mục đích, lý tưởng của Đảng, chấp hành "
                "nghiêm Cương lĩnh chính trị, Điều lệ Đảng, nghị quyết, chỉ thị của Đảng, chính sách, pháp luật "
                "của Nhà nước.",
                "(Người xin vào Đảng tự viết tay đơn theo mẫu này.)",
            ),
        ),
        FormSpec(
            FormCode.PERSONAL_HISTORY, Issuer.PERSON, Action.FILE_OPEN, "LÝ LỊCH CỦA NGƯỜI XIN VÀO ĐẢNG",
            signer_title="NGƯỜI KHAI",
            body=(
                "1. Họ và tên đang dùng: {{ c.full_name }}.",
                "2. Giới tính: {{ c.sex }}.",
                "3. Sinh ngày {{ c.date_of_birth }}.",
                "4. Nơi ở hiện nay: {{ c.residence }}.",
                "5. Dân tộc: {{ c.ethnic_group }}.  6. Tôn giáo: {{ c.religion }}.",
                "7. Nghề nghiệp hiện nay: {{ c.occupation }}; nơi làm việc, học tập: {{ c.workplace }}.",
                "8. Trình độ giáo dục phổ thông: {{ c.education }}; chuyên môn, nghiệp vụ: {{ c.qualification }}.",
                "9. Ngày vào Đoàn TNCS Hồ Chí Minh: {{ c.youth_union }}.",
                "10. Lịch sử bản thân, những công tác và chức vụ đã qua, quan hệ gia đình: người khai tự viết "
                "vào sổ lý lịch, không tẩy xóa, không bỏ dòng, không nhờ người khác viết hộ.",
                "Tôi cam đoan đã khai đầy đủ, rõ ràng và chịu trách nhiệm trước Đảng về những nội dung đã khai.",
            ),
        ),
        FormSpec(
            FormCode.INTRODUCTION, Issuer.PERSON, Action.INTRODUCTION_RECORD, "GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG",
            signer_title="NGƯỜI GIỚI THIỆU",
            salutation="Kính gửi: {{ cell }}",
            body=(
                "Tôi là: {{ introducer }}, đảng viên chính thức, sinh hoạt tại {{ cell }}.",
                "Được Chi bộ phân công giúp đỡ quần chúng {{ c.full_name }}, sinh ngày {{ c.date_of_birth }}, "
                "nơi ở hiện nay: {{ c.residence }}.",
                "Tôi đã cùng công tác, lao động, học tập hoặc cư trú với quần chúng {{ c.full_name }} "
                "{{ months_together }} tháng.",
                "Về lịch sử chính trị, phẩm chất đạo đức, lối sống, năng lực công tác và quan hệ quần chúng: "
                "…………………………………………………………………………",
                "Tôi giới thiệu quần chúng {{ c.full_name }} để Chi bộ xem xét, đề nghị kết nạp vào Đảng. "
                "Tôi xin chịu trách nhiệm trước Đảng về sự giới thiệu của mình.",
            ),
        ),
        FormSpec(
            FormCode.COMMENTS_SUMMARY, Issuer.CELL, Action.INTRODUCTION_RECORD, "TỔNG HỢP Ý KIẾN NHẬN XÉT",
            "của tổ chức đoàn thể và chi ủy nơi cư trú đối với người xin vào Đảng",
            signing_body="T/M CHI ỦY",
            body=(
                "Chi ủy {{ cell }} đã tổng hợp ý kiến nhận xét của tổ chức đoàn thể nơi quần chúng sinh hoạt và "
                "của chi ủy, chi bộ nơi cư trú đối với quần chúng {{ c.full_name }}, sinh ngày {{ c.date_of_birth }}, "
                "nơi ở hiện nay: {{ c.residence }}, như sau:",
                "1. Ý kiến nhận xét của tổ chức đoàn thể: …………………………………………………………………………",
                "2. Ý kiến nhận xét của chi ủy, chi bộ nơi cư trú: …………………………………………………………",
                "3. Nhận xét chung về ưu điểm, khuyết điểm: …………………………………………………………………",
            ),
            recipients=("Chi bộ;", "Lưu hồ sơ người vào Đảng."),
        ),
        FormSpec(
            FormCode.CELL_RESOLUTION, Issuer.CELL, Action.CELL_VOTE, "NGHỊ QUYẾT", "đề nghị kết nạp đảng viên",
            symbol="NQ/CB", signing_body="T/M CHI BỘ", vote=(Phase.ADMISSION, VoteBody.CELL),
            body=(
                "Ngày {{ vote.date }}, {{ cell }} đã họp để xét đề nghị kết nạp quần chúng {{ c.full_name }}, "
                "sinh ngày {{ c.date_of_birth }}, vào Đảng Cộng sản Việt Nam.",
                "Tổng số đảng viên chính thức có quyền biểu quyết: {{ vote.eligible }} đồng chí; có mặt: "
                "{{ vote.present }} đồng chí; vắng mặt: {{ vote.absent }} đồng chí.",
                _PROPOSAL_FROM_CELL,
                "Kết quả biểu quyết ({{ vote.method }}): tán thành {{ vote.in_favour }} đồng chí, đạt "
                "{{ vote.percent }} tổng số đảng viên chính thức; không tán thành {{ vote.against }} đồng chí.",
                "Chi bộ đề nghị {{ next_body }} xem xét, kết nạp quần chúng {{ c.full_name }} vào Đảng.",
            ),
            recipients=("{{ next_body }};", "Lưu chi bộ."),
        ),
        FormSpec(
            FormCode.PARTIAL_REPORT, Issuer.PARTIAL, Action.PARTIAL_APPRAISE, "BÁO CÁO",
            "thẩm định đề nghị kết nạp đảng viên", symbol="BC/ĐUBP", signing_body="T/M ĐẢNG ỦY BỘ PHẬN",
            body=(
                "Căn cứ Nghị quyết số {{ cell_resolution.number }} ngày {{ cell_resolution.date }} của {{ cell }} "
                "đề nghị kết nạp quần chúng {{ c.full_name }}, sinh ngày {{ c.date_of_birth }}, vào Đảng;",
                "{{ partial }} đã thẩm định hồ sơ, lý lịch và kết quả biểu quyết của chi bộ: …………………………",
                "{{ partial }} đề nghị {{ next_body }} xem xét, kết nạp quần chúng {{ c.full_name }} vào Đảng.",
            ),
            recipients=("{{ next_body }};", "Lưu."),
        ),
        FormSpec(
            FormCode.GRASSROOTS_RESOLUTION, Issuer.GRASSROOTS, Action.GRASSROOTS_VOTE, "NGHỊ QUYẾT",
            "đề nghị kết nạp đảng viên", symbol="NQ/ĐU", signing_body="T/M ĐẢNG ỦY",
            vote=(Phase.ADMISSION, VoteBody.GRASSROOTS),
            body=(
                "Ngày {{ vote.date }}, {{ grassroots }} đã họp xét đề nghị của {{ cell }} (Nghị quyết số "
                "{{ cell_resolution.number }} ngày {{ cell_resolution.date }}) về việc kết nạp quần chúng "
                "{{ c.full_name }}, sinh ngày {{ c.date_of_birth }}, vào Đảng.",
                "Tổng số cấp ủy viên: {{ vote.eligible }} đồng chí; có mặt: {{ vote.present }} đồng chí; vắng mặt: "
                "{{ vote.absent }} đồng chí.",
                "Kết quả biểu quyết ({{ vote.method }}): tán thành {{ vote.in_favour }} đồng chí, đạt "
                "{{ vote.percent }} tổng số cấp ủy viên; không tán thành {{ vote.against }} đồng chí.",
                "{{ grassroots }} đề nghị {{ next_body }} xem xét, quyết định kết nạp quần chúng {{ c.full_name }} "
                "vào Đảng.",
            ),
            recipients=("{{ next_body }};", "{{ cell }};", "Lưu."),
        ),
        FormSpec(
            FormCode.ADMISSION_DECISION, Issuer.COMPETENT, Action.ADMISSION_DECIDE, "QUYẾT ĐỊNH",
            "kết nạp đảng viên", symbol="QĐ/ĐU", signing_body="T/M BAN THƯỜNG VỤ",
            centred_preamble=("{{ deciding_body }}",),
            body=(
                "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
                "- Căn cứ Quy định, Hướng dẫn thi hành Điều lệ Đảng hiện hành;",
                "- Xét đề nghị của {{ proposer }} (Nghị quyết số {{ proposal.number }} ngày {{ proposal.date }}),",
                "QUYẾT ĐỊNH:",
                "Điều 1. Kết nạp quần chúng {{ c.full_name }}, sinh ngày {{ c.date_of_birth }}, nơi ở hiện nay: "
                "{{ c.residence }}, vào Đảng Cộng sản Việt Nam. Thời gian dự bị 12 tháng kể từ ngày chi bộ tổ chức "
                "lễ kết nạp.",
                "Điều 2. {{ cell }} tổ chức lễ kết nạp trong thời hạn quy định; {{ cell }} và đồng chí "
                "{{ c.full_name }} thi hành Quyết định này. Quyết định có hiệu lực kể từ ngày ký.",
            ),
            recipients=("{{ cell }};", "{{ proposer }};", "Lưu."),
        ),
        FormSpec(
            FormCode.SELF_REVIEW, Issuer.PERSON, Action.RECOGNITION_VOTE, "BẢN TỰ KIỂM ĐIỂM",
            "của đảng viên dự bị", signer_title="ĐẢNG VIÊN DỰ BỊ",
            salutation="Kính gửi: {{ cell }}",
            body=(
                "Họ và tên: {{ c.full_name }}; sinh ngày {{ c.date_of_birth }}.",
                "Được kết nạp vào Đảng theo Quyết định số {{ admission.number }} ngày {{ admission.date }} của "
                "{{ admission.by }}; lễ kết nạp ngày {{ ceremony_date }}.",
                "Thời gian dự bị: từ ngày {{ ceremony_date }} đến ngày {{ probation_ends_on }}.",
                "1. Ưu điểm: ………………………………………………………………………………………",
                "2. Khuyết điểm, hạn chế và hướng khắc phục: …………………………………………………………",
                "Tôi đề nghị Chi bộ xem xét, công nhận tôi là đảng viên chính thức.",
            ),
        ),
        FormSpec(
            FormCode.HELPER_ASSESSMENT, Issuer.PERSON, Action.RECOGNITION_VOTE, "BẢN NHẬN XÉT ĐẢNG VIÊN DỰ BỊ",
            signer_title="NGƯỜI ĐƯỢC PHÂN CÔNG GIÚP ĐỠ",
            salutation="Kính gửi: {{ cell }}",
            body=(
                "Tôi là: {{ helper }}, đảng viên chính thức, sinh hoạt tại {{ cell }}, được Chi bộ phân công giúp đỡ "
                "đảng viên dự bị {{ c.full_name }}, sinh ngày {{ c.date_of_birth }}.",
                "Đồng chí {{ c.full_name }} được kết nạp vào Đảng ngày {{ ceremony_date }}; thời gian dự bị đến "
                "ngày {{ probation_ends_on }}.",
                "Nhận xét về nhận thức, phẩm chất chính trị, đạo đức, lối sống, việc thực hiện nhiệm vụ đảng viên: "
                "…………………………………………………………………………",
                "Đề nghị Chi bộ xem xét, công nhận đồng chí {{ c.full_name }} là đảng viên chính thức.",
            ),
        ),
        FormSpec(
            FormCode.RECOGNITION_COMMENTS, Issuer.CELL, Action.RECOGNITION_VOTE, "TỔNG HỢP Ý KIẾN NHẬN XÉT",
            "của tổ chức đoàn thể và chi ủy nơi cư trú đối với đảng viên dự bị", signing_body="T/M CHI ỦY",
            body=(
                "Chi ủy {{ cell }} đã tổng hợp ý kiến nhận xét đối với đảng viên dự bị {{ c.full_name }}, sinh ngày "
                "{{ c.date_of_birth }}, kết nạp ngày {{ ceremony_date }}, như sau:",
                "1. Ý kiến nhận xét của tổ chức đoàn thể: …………………………………………………………………………",
                "2. Ý kiến nhận xét của chi ủy, chi bộ nơi cư trú: …………………………………………………………",
            ),
            recipients=("Chi bộ;", "Lưu hồ sơ đảng viên."),
        ),
        FormSpec(
            FormCode.CELL_RECOGNITION_RESOLUTION, Issuer.CELL, Action.RECOGNITION_VOTE, "NGHỊ QUYẾT",
            "đề nghị công nhận đảng viên chính thức", symbol="NQ/CB", signing_body="T/M CHI BỘ",
            vote=(Phase.RECOGNITION, VoteBody.CELL),
            body=(
                "Ngày {{ vote.date }}, {{ cell }} đã họp xét đề nghị công nhận đảng viên chính thức cho đồng chí "
                "{{ c.full_name }}, sinh ngày {{ c.date_of_birth }}, kết nạp vào Đảng ngày {{ ceremony_date }}.",
                "Tổng số đảng viên chính thức có quyền biểu quyết: {{ vote.eligible }} đồng chí; có mặt: "
                "{{ vote.present }} đồng chí; vắng mặt: {{ vote.absent }} đồng chí.",
                "Kết quả biểu quyết ({{ vote.method }}): tán thành {{ vote.in_favour }} đồng chí, đạt "
                "{{ vote.percent }} tổng số đảng viên chính thức; không tán thành {{ vote.against }} đồng chí.",
                "Chi bộ đề nghị {{ next_body }} xem xét, công nhận đồng chí {{ c.full_name }} là đảng viên chính "
                "thức kể từ ngày {{ probation_ends_on }}.",
            ),
            recipients=("{{ next_body }};", "Lưu chi bộ."),
        ),
        FormSpec(
            FormCode.PARTIAL_RECOGNITION_REPORT, Issuer.PARTIAL, Action.RECOGNITION_REVIEW, "BÁO CÁO",
            "thẩm định đề nghị công nhận đảng viên chính thức", symbol="BC/ĐUBP",
            signing_body="T/M ĐẢNG ỦY BỘ PHẬN",
            body=(
                "Căn cứ Nghị quyết số {{ cell_resolution.number }} ngày {{ cell_resolution.date }} của {{ cell }} "
                "đề nghị công nhận đảng viên chính thức cho đồng chí {{ c.full_name }}, sinh ngày "
                "{{ c.date_of_birth }};",
                "{{ partial }} đã thẩm định hồ sơ: …………………………………………………………………………",
                "{{ partial }} đề nghị {{ next_body }} xem xét, công nhận đồng chí {{ c.full_name }} là đảng viên "
                "chính thức.",
            ),
            recipients=("{{ next_body }};", "Lưu."),
        ),
        FormSpec(
            FormCode.GRASSROOTS_RECOGNITION_RESOLUTION, Issuer.GRASSROOTS, Action.RECOGNITION_REVIEW, "NGHỊ QUYẾT",
            "đề nghị công nhận đảng viên chính thức", symbol="NQ/ĐU", signing_body="T/M ĐẢNG ỦY",
            vote=(Phase.RECOGNITION, VoteBody.GRASSROOTS),
            body=(
                "Ngày {{ vote.date }}, {{ grassroots }} đã họp xét đề nghị của {{ cell }} (Nghị quyết số "
                "{{ cell_resolution.number }} ngày {{ cell_resolution.date }}) về việc công nhận đảng viên chính "
                "thức cho đồng chí {{ c.full_name }}, sinh ngày {{ c.date_of_birth }}.",
                "Tổng số cấp ủy viên: {{ vote.eligible }} đồng chí; có mặt: {{ vote.present }} đồng chí; vắng mặt: "
                "{{ vote.absent }} đồng chí.",
                "Kết quả biểu quyết ({{ vote.method }}): tán thành {{ vote.in_favour }} đồng chí, đạt "
                "{{ vote.percent }} tổng số cấp ủy viên; không tán thành {{ vote.against }} đồng chí.",
                "{{ grassroots }} đề nghị {{ next_body }} xem xét, quyết định công nhận đồng chí {{ c.full_name }} "
                "là đảng viên chính thức.",
            ),
            recipients=("{{ next_body }};", "{{ cell }};", "Lưu."),
        ),
        FormSpec(
            FormCode.RECOGNITION_DECISION, Issuer.COMPETENT, Action.RECOGNITION_DECIDE, "QUYẾT ĐỊNH",
            "công nhận đảng viên chính thức", symbol="QĐ/ĐU", signing_body="T/M BAN THƯỜNG VỤ",
            centred_preamble=("{{ deciding_body }}",),
            body=(
                "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
                "- Căn cứ Quy định, Hướng dẫn thi hành Điều lệ Đảng hiện hành;",
                "- Xét đề nghị của {{ proposer }} (Nghị quyết số {{ proposal.number }} ngày {{ proposal.date }}),",
                "QUYẾT ĐỊNH:",
                "Điều 1. Công nhận đồng chí {{ c.full_name }}, sinh ngày {{ c.date_of_birth }}, đảng viên dự bị được "
                "kết nạp theo Quyết định số {{ admission.number }} ngày {{ admission.date }}, là đảng viên chính "
                "thức kể từ ngày {{ probation_ends_on }}.",
                "Điều 2. {{ cell }} và đồng chí {{ c.full_name }} thi hành Quyết định này. Quyết định có hiệu lực "
                "kể từ ngày ký.",
            ),
            recipients=("{{ cell }};", "{{ proposer }};", "Lưu."),
        ),
    )
}  # fmt: skip

DECISIONS = frozenset({FormCode.ADMISSION_DECISION, FormCode.RECOGNITION_DECISION})


def spec_for(code: str) -> FormSpec:
    """The spec of a form PartyCell fills; ``KeyError`` for any other code."""
    return SPECS[code]
