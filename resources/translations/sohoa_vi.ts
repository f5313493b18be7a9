<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AcceptDialog</name>
    <message>
        <location filename="../../ui/reason_dialog.py" line="69"/>
        <source>Accept with a reason</source>
        <translation>Chấp nhận có lý do</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="70"/>
        <source>Why is this acceptable? e.g. the paper original has a blank page</source>
        <translation>Vì sao chấp nhận được? Ví dụ: bản giấy gốc có một trang trắng</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="71"/>
        <source>Accept (Ctrl+Enter)</source>
        <translation>Chấp nhận (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <location filename="../../ui/context.py" line="71"/>
        <source>An unexpected error occurred. The details were written to the log; please tell the administrator.</source>
        <translation>Đã xảy ra lỗi ngoài dự kiến. Chi tiết đã được ghi vào nhật ký; vui lòng báo quản trị viên.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../ui/main_window.py" line="61"/>
        <source>SoHoa — One-stop-shop digitization station</source>
        <translation>SoHoa — Trạm số hóa hồ sơ một cửa</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="67"/>
        <source>Clerk: %1 · Station %2</source>
        <translation>Cán bộ: %1 · Máy trạm %2</translation>
    </message>
</context>
<context>
    <name>CardPanel</name>
    <message>
        <location filename="../../ui/card_reader.py" line="131"/>
        <location filename="../../ui/card_reader.py" line="157"/>
        <source>Scan ID card (CCCD)</source>
        <translation>Quét CCCD</translation>
    </message>
    <message>
        <location filename="../../ui/card_reader.py" line="133"/>
        <source>From file…</source>
        <translation>Từ tệp…</translation>
    </message>
    <message>
        <location filename="../../ui/card_reader.py" line="135"/>
        <source>Both sides</source>
        <translation>Cả hai mặt</translation>
    </message>
    <message>
        <location filename="../../ui/card_reader.py" line="157"/>
        <source>Stop reading the card</source>
        <translation>Dừng đọc thẻ</translation>
    </message>
</context>
<context>
    <name>CardReader</name>
    <message>
        <location filename="../../ui/card_reader.py" line="64"/>
        <source>Other side</source>
        <translation>Mặt còn lại</translation>
    </message>
    <message>
        <location filename="../../ui/card_reader.py" line="65"/>
        <source>Turn the card over on the glass, then press Enter to scan its other side.</source>
        <translation>Lật thẻ trên mặt kính rồi nhấn Enter để quét mặt còn lại.</translation>
    </message>
    <message>
        <location filename="../../ui/card_reader.py" line="84"/>
        <source>ID card image</source>
        <translation>Ảnh thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../ui/card_reader.py" line="85"/>
        <source>Images and PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</source>
        <translation>Ảnh và PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</translation>
    </message>
</context>
<context>
    <name>DossierListPage</name>
    <message>
        <location filename="../../ui/dossier_list.py" line="150"/>
        <source>Results still in force: %1 digitized today · %2 so far (no target set)</source>
        <translation>Kết quả còn hiệu lực: hôm nay số hóa %1 tài liệu · lũy kế %2 (chưa đặt chỉ tiêu)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="148"/>
        <source>Results still in force: %1 digitized today · progress toward the target %2</source>
        <translation>Kết quả còn hiệu lực: hôm nay số hóa %1 tài liệu · tiến độ so với chỉ tiêu %2</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="50"/>
        <source>Dossiers received today</source>
        <translation>Hồ sơ tiếp nhận hôm nay</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="57"/>
        <source>New dossier (Ctrl+N)</source>
        <translation>Hồ sơ mới (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="59"/>
        <source>Receive a new dossier from a citizen (Ctrl+N)</source>
        <translation>Tiếp nhận hồ sơ mới của công dân (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="61"/>
        <source>Reprint receipt (Ctrl+Shift+P)</source>
        <translation>In lại giấy tiếp nhận (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="63"/>
        <source>Print the receipt of the selected dossier again (Ctrl+Shift+P)</source>
        <translation>In lại giấy tiếp nhận của hồ sơ đang chọn (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="68"/>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="68"/>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="68"/>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="68"/>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="69"/>
        <source>Time at counter</source>
        <translation>Thời gian tại quầy</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="80"/>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="131"/>
        <source>Waiting: median %1, within %2 minutes %3, %4 without ticket · Service: median %5, within %6 minutes %7</source>
        <translation>Thời gian chờ: trung vị %1, không quá %2 phút %3, %4 hồ sơ không có số thứ tự · Giải quyết tại quầy: trung vị %5, không quá %6 phút %7</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="133"/>
        <source>Decision 766 today: dossiers with digitized components %1 · components reused %2 · results issued electronically %3 · identity lookups %4</source>
        <translation>Chỉ số 766 hôm nay: hồ sơ có thành phần số hóa %1 · thành phần tái sử dụng %2 · kết quả cấp điện tử %3 · tra cứu CSDL dân cư %4</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="164"/>
        <source>No dossier yet today. Press Ctrl+N to receive the first one.</source>
        <translation>Hôm nay chưa có hồ sơ nào. Nhấn Ctrl+N để tiếp nhận hồ sơ đầu tiên.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dossier_list.py" line="185"/>
        <source>%n dossier(s) today · average counter time %1 · over 15 minutes: %2</source>
        <translation>
            <numerusform>%n hồ sơ hôm nay · thời gian tại quầy trung bình %1 · quá 15 phút: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DossierWorkspace</name>
    <message>
        <location filename="../../ui/workspace.py" line="62"/>
        <source>Time at the counter since the dossier was created (target: 15 minutes)</source>
        <translation>Thời gian tại quầy kể từ khi tạo hồ sơ (mục tiêu: 15 phút)</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="69"/>
        <source>Build PDF/A and sign (F8)</source>
        <translation>Tạo PDF/A và ký số (F8)</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="71"/>
        <source>Finish and print receipt (F10)</source>
        <translation>Hoàn tất và in giấy tiếp nhận (F10)</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="74"/>
        <source>Build PDF/A and sign</source>
        <translation>Tạo PDF/A và ký số</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="75"/>
        <source>Sign the whole dossier</source>
        <translation>Ký số cả hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="76"/>
        <source>Finish and print receipt</source>
        <translation>Hoàn tất và in giấy tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="77"/>
        <source>Next component</source>
        <translation>Thành phần tiếp theo</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="78"/>
        <source>Previous component</source>
        <translation>Thành phần trước</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="87"/>
        <source>Counter time:</source>
        <translation>Thời gian tại quầy:</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="92"/>
        <source>Components</source>
        <translation>Thành phần hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="93"/>
        <source>Previous / next component: Ctrl+PgUp / Ctrl+PgDown</source>
        <translation>Thành phần trước / tiếp theo: Ctrl+PgUp / Ctrl+PgDown</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="169"/>
        <source>Dossier %1</source>
        <translation>Hồ sơ %1</translation>
    </message>
    <message>
        <location filename="../../ui/component_item.py" line="33"/>
        <source>must digitize</source>
        <translation>bắt buộc số hóa</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="238"/>
        <source>Nothing blocks: build the PDF/A and sign (F8).</source>
        <translation>Không còn lỗi nghiêm trọng: tạo PDF/A và ký số (F8).</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="244"/>
        <source>Checking the pages (image quality, blank pages, duplicates, page count, OCR)…</source>
        <translation>Đang kiểm tra trang (chất lượng ảnh, trang trắng, trang trùng, số trang, nhận dạng chữ)…</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="249"/>
        <source>Pages checked. Select a finding on the right to see its page.</source>
        <translation>Đã kiểm tra các trang. Chọn một lỗi ở bên phải để xem trang tương ứng.</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="280"/>
        <source>Building the PDF/A (OCR) and signing…</source>
        <translation>Đang tạo PDF/A (nhận dạng chữ) và ký số…</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="287"/>
        <source>Building the PDF/A (OCR) of every checked component, then signing them all…</source>
        <translation>Đang tạo PDF/A (nhận dạng chữ) cho mọi thành phần đã kiểm tra, rồi ký số tất cả…</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="292"/>
        <source>No component is ready to sign: check the pages first (F6).</source>
        <translation>Chưa có thành phần nào sẵn sàng để ký: hãy kiểm tra các trang trước (F6).</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="311"/>
        <source>Wrong PIN</source>
        <translation>Sai mã PIN</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="312"/>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="296"/>
        <location filename="../../ui/workspace.py" line="318"/>
        <source>Signed. Scan the next component, or finish the dossier (F10).</source>
        <translation>Đã ký số. Quét thành phần tiếp theo, hoặc hoàn tất hồ sơ (F10).</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="343"/>
        <source>Finishing: queuing the dossier and preparing the receipt…</source>
        <translation>Đang hoàn tất: đưa hồ sơ vào hàng đợi gửi và lập giấy tiếp nhận…</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="362"/>
        <source>Receipt printed. Counter time: %1.</source>
        <translation>Đã in giấy tiếp nhận. Thời gian tại quầy: %1.</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../ui/findings_panel.py" line="40"/>
        <source>Check results</source>
        <translation>Kết quả kiểm tra</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="42"/>
        <location filename="../../ui/findings_panel.py" line="106"/>
        <source>Not checked yet.</source>
        <translation>Chưa kiểm tra.</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="48"/>
        <source>Rescan page (Ctrl+Shift+R)</source>
        <translation>Quét lại trang (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="49"/>
        <source>Remove page (Ctrl+Shift+Del)</source>
        <translation>Bỏ trang (Ctrl+Shift+Del)</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="51"/>
        <source>Scan the missing sheet after this page (Ctrl+Shift+I)</source>
        <translation>Quét tờ còn thiếu vào sau trang này (Ctrl+Shift+I)</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="53"/>
        <source>Insert the missing page from a file…</source>
        <translation>Chèn trang còn thiếu từ tệp…</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="56"/>
        <source>Accept with reason… (Ctrl+Shift+A)</source>
        <translation>Chấp nhận có lý do… (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="58"/>
        <source>Check again (F6)</source>
        <translation>Kiểm tra lại (F6)</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="90"/>
        <source>Not checked yet: the pages are checked after each scan (F6 to check now).</source>
        <translation>Chưa kiểm tra: các trang được kiểm tra sau mỗi lần quét (F6 để kiểm tra ngay).</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="92"/>
        <source>No problem found. The component can be signed.</source>
        <translation>Không phát hiện lỗi. Có thể ký số thành phần này.</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="94"/>
        <source>%1 blocking and %2 warning(s) open: resolve the blocking ones to sign.</source>
        <translation>Còn %1 lỗi nghiêm trọng và %2 cảnh báo: xử lý các lỗi nghiêm trọng để ký số.</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="97"/>
        <source>Nothing blocks. %1 warning(s) open.</source>
        <translation>Không còn lỗi nghiêm trọng. Còn %1 cảnh báo.</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="112"/>
        <source>Page %1</source>
        <translation>Trang %1</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="114"/>
        <source>Page removed</source>
        <translation>Trang đã bỏ</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="116"/>
        <source>Whole component</source>
        <translation>Cả thành phần</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="125"/>
        <source>Reason: %1</source>
        <translation>Lý do: %1</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="129"/>
        <source>accepted</source>
        <translation>đã chấp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="129"/>
        <source>rescanned</source>
        <translation>đã quét lại</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="129"/>
        <source>page removed</source>
        <translation>đã bỏ trang</translation>
    </message>
    <message>
        <location filename="../../ui/findings_panel.py" line="130"/>
        <source>fixed</source>
        <translation>đã sửa</translation>
    </message>
</context>
<context>
    <name>IdentityBox</name>
    <message>
        <location filename="../../ui/identity_box.py" line="32"/>
        <source>Check e-ID (Ctrl+E)</source>
        <translation>Tra cứu định danh (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="38"/>
        <source>Not checked</source>
        <translation>Chưa tra cứu</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="41"/>
        <source>Citizen&apos;s VNeID app shows…</source>
        <translation>Ứng dụng VNeID của công dân hiển thị…</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="41"/>
        <source>Level 2 account</source>
        <translation>Tài khoản mức 2</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="42"/>
        <source>Level 1 account</source>
        <translation>Tài khoản mức 1</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="42"/>
        <source>No account</source>
        <translation>Chưa có tài khoản</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="46"/>
        <source>Print the registration guide</source>
        <translation>In hướng dẫn đăng ký</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="58"/>
        <source>Asking…</source>
        <translation>Đang tra cứu…</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="65"/>
        <source>e-ID account, level %1</source>
        <translation>Có tài khoản định danh điện tử, mức %1</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="67"/>
        <source>Known, but no e-ID (VNeID) account: give the registration guide</source>
        <translation>Có trong CSDL dân cư nhưng chưa có tài khoản định danh điện tử (VNeID): đưa hướng dẫn đăng ký</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="69"/>
        <source>Not found with this name and date of birth; check the ID card</source>
        <translation>Không tìm thấy với họ tên và ngày sinh này; kiểm tra lại thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../../ui/identity_box.py" line="71"/>
        <source>(as the citizen&apos;s app shows)</source>
        <translation>(theo ứng dụng của công dân)</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../ui/labels.py" line="16"/>
        <source>Receiving</source>
        <translation>Đang tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="17"/>
        <location filename="../../ui/labels.py" line="32"/>
        <source>Scanning</source>
        <translation>Đang quét</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="18"/>
        <source>Queued to send</source>
        <translation>Chờ gửi</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="19"/>
        <source>Refused</source>
        <translation>Từ chối tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="21"/>
        <location filename="../../ui/labels.py" line="65"/>
        <source>Sending</source>
        <translation>Đang gửi</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="22"/>
        <location filename="../../ui/labels.py" line="66"/>
        <source>Sent</source>
        <translation>Đã gửi</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="23"/>
        <location filename="../../ui/labels.py" line="67"/>
        <source>Needs attention</source>
        <translation>Cần xử lý</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="24"/>
        <location filename="../../ui/labels.py" line="68"/>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="31"/>
        <source>Not scanned</source>
        <translation>Chưa quét</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="33"/>
        <source>Scanned</source>
        <translation>Đã quét</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="34"/>
        <source>Checked</source>
        <translation>Đã kiểm tra</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="35"/>
        <source>PDF/A built</source>
        <translation>Đã tạo PDF/A</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="36"/>
        <source>Signed</source>
        <translation>Đã ký số</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="37"/>
        <source>Exempt from scanning</source>
        <translation>Miễn số hóa</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="38"/>
        <source>Interrupted</source>
        <translation>Bị gián đoạn</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="39"/>
        <source>PDF from a file</source>
        <translation>PDF nhận từ tệp</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="54"/>
        <source>Submitted online</source>
        <translation>Đã nộp trực tuyến</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="55"/>
        <source>Only shown, not kept</source>
        <translation>Chỉ xuất trình</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="56"/>
        <source>Verification by another agency</source>
        <translation>Kết quả xác minh của cơ quan khác</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="57"/>
        <source>Secret document</source>
        <translation>Tài liệu mật</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="64"/>
        <source>Queued</source>
        <translation>Chờ gửi</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="74"/>
        <source>Blocking</source>
        <translation>Nghiêm trọng</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="74"/>
        <source>Warning</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="40"/>
        <source>Reused (not scanned)</source>
        <translation>Tái sử dụng (không quét)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="20"/>
        <source>Result returned</source>
        <translation>Đã trả kết quả</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="102"/>
        <source>SoHoa — One-stop-shop digitization station</source>
        <translation>SoHoa — Trạm số hóa hồ sơ một cửa</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="162"/>
        <source>&amp;Dossier</source>
        <translation>&amp;Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Call next number</source>
        <translation>Gọi số tiếp theo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164"/>
        <source>New dossier</source>
        <translation>Hồ sơ mới</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165"/>
        <source>Today&apos;s dossiers</source>
        <translation>Hồ sơ hôm nay</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="169"/>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170"/>
        <source>&amp;Scan</source>
        <translation>&amp;Quét</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>&amp;Finish</source>
        <translation>Hoàn &amp;tất</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>&amp;Tools</source>
        <translation>&amp;Công cụ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>Outbox</source>
        <translation>Hàng đợi gửi</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>Settings…</source>
        <translation>Cài đặt…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>Lock station</source>
        <translation>Khóa trạm</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>&amp;Help</source>
        <translation>T&amp;rợ giúp</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>Keyboard shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204"/>
        <source>Simulated feeder (sample pages)</source>
        <translation>Khay nạp mô phỏng (trang mẫu)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="224"/>
        <source>%1 dossier(s) left open since the last close: see today&apos;s list (F2).</source>
        <translation>%1 hồ sơ còn dở từ lần đóng trước: xem danh sách hôm nay (F2).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="245"/>
        <source>Loading the station… what you asked for follows as soon as it is ready.</source>
        <translation>Đang tải trạm… thao tác vừa chọn sẽ được thực hiện ngay khi trạm sẵn sàng.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="295"/>
        <source>Number %1 called at %2.</source>
        <translation>Đã gọi số %1 lúc %2.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="297"/>
        <source>Next citizen called at %1: type their ticket number in the new dossier.</source>
        <translation>Đã gọi công dân tiếp theo lúc %1: nhập số thứ tự của công dân khi tạo hồ sơ mới.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="336"/>
        <source>Station locked: the signing token is logged out; the next signature asks for the PIN.</source>
        <translation>Đã khóa trạm: đã đăng xuất token ký số; lần ký tiếp theo sẽ hỏi mã PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="341"/>
        <source>A scan is running</source>
        <translation>Đang quét</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="342"/>
        <source>Stop the scanner and close SoHoa? Every page already scanned is kept, and the dossier is offered again at the next start.</source>
        <translation>Dừng máy quét và đóng SoHoa? Mọi trang đã quét đều được giữ, và hồ sơ sẽ được mời làm tiếp ở lần mở sau.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="344"/>
        <source>&amp;Stop and close</source>
        <translation>&amp;Dừng và đóng</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="345"/>
        <source>&amp;Keep scanning</source>
        <translation>&amp;Tiếp tục quét</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="359"/>
        <source>Stopping the scanner… SoHoa closes as soon as the last page is stored.</source>
        <translation>Đang dừng máy quét… SoHoa sẽ đóng ngay khi trang cuối được lưu.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="370"/>
        <source>Settings saved.</source>
        <translation>Đã lưu cài đặt.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <source>Results of the selected dossier…</source>
        <translation>Kết quả của hồ sơ đang chọn…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="306"/>
        <source>Select a received dossier in today&apos;s list (F2) to add its results.</source>
        <translation>Chọn một hồ sơ đã tiếp nhận trong danh sách hôm nay (F2) để thêm kết quả.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167"/>
        <source>Review a backlog batch…</source>
        <translation>Rà soát một lô số hóa kết quả tồn đọng…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="315"/>
        <source>The backlog batch&apos;s folder</source>
        <translation>Thư mục của lô số hóa tồn đọng</translation>
    </message>
</context>
<context>
    <name>NewDossierDialog</name>
    <message>
        <location filename="../../ui/new_dossier.py" line="53"/>
        <source>New dossier</source>
        <translation>Hồ sơ mới</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="58"/>
        <source>Type a procedure code or part of its name, e.g. 1.000948 or hộ chiếu</source>
        <translation>Gõ mã thủ tục hoặc một phần tên, ví dụ 1.000948 hoặc hộ chiếu</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="75"/>
        <source>12 digits</source>
        <translation>12 chữ số</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="77"/>
        <source>dd/mm/yyyy (optional)</source>
        <translation>ngày/tháng/năm (không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="79"/>
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="79"/>
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="85"/>
        <source>e.g. A042, or A042 08:15 with the time on the slip (optional)</source>
        <translation>ví dụ A042, hoặc A042 08:15 kèm giờ in trên phiếu (không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="93"/>
        <source>Component</source>
        <translation>Thành phần</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="93"/>
        <source>Category</source>
        <translation>Nhóm</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="93"/>
        <source>Must digitize</source>
        <translation>Bắt buộc số hóa</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="94"/>
        <source>Exempt from scanning</source>
        <translation>Miễn số hóa</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="100"/>
        <source>Another paper not in the catalog (name, then Enter)</source>
        <translation>Giấy tờ khác ngoài danh mục (gõ tên rồi Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="106"/>
        <source>Create dossier (Ctrl+Enter)</source>
        <translation>Tạo hồ sơ (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="113"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="120"/>
        <source>&amp;Procedure:</source>
        <translation>&amp;Thủ tục:</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="123"/>
        <source>Applicant&apos;s &amp;full name:</source>
        <translation>&amp;Họ và tên người nộp:</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="124"/>
        <source>Personal &amp;ID number:</source>
        <translation>Số định &amp;danh cá nhân:</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="127"/>
        <source>Se&amp;x:</source>
        <translation>&amp;Giới tính:</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="131"/>
        <source>Date of &amp;birth:</source>
        <translation>Ngày &amp;sinh:</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="136"/>
        <source>P&amp;hone:</source>
        <translation>Điện th&amp;oại:</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="137"/>
        <source>&amp;Address:</source>
        <translation>Đị&amp;a chỉ:</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="138"/>
        <source>Queue &amp;ticket:</source>
        <translation>Số &amp;phiếu xếp hàng:</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="139"/>
        <source>Procedure and applicant</source>
        <translation>Thủ tục và người nộp hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="141"/>
        <source>Components submitted (tick the papers the citizen handed in)</source>
        <translation>Thành phần hồ sơ (đánh dấu các giấy tờ công dân đã nộp)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/new_dossier.py" line="205"/>
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n ngày làm việc</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="217"/>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="225"/>
        <source>Exempt components are recorded but cannot be scanned.</source>
        <translation>Thành phần miễn số hóa được ghi nhận nhưng không được quét.</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="295"/>
        <source>Check the paper; Enter still creates the dossier.</source>
        <translation>Hãy đối chiếu giấy tờ; Enter vẫn tạo hồ sơ.</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="297"/>
        <source>Ready: Enter creates the dossier and starts the counter timer.</source>
        <translation>Sẵn sàng: Enter tạo hồ sơ và bắt đầu tính giờ tiếp nhận.</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="351"/>
        <source>Discard the new dossier?</source>
        <translation>Bỏ hồ sơ đang nhập?</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="352"/>
        <source>The form holds data that is not saved. Discard it?</source>
        <translation>Biểu mẫu có thông tin chưa lưu. Bỏ thông tin này?</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="353"/>
        <source>&amp;Discard</source>
        <translation>&amp;Bỏ hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="354"/>
        <source>&amp;Keep editing</source>
        <translation>&amp;Tiếp tục nhập</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="216"/>
        <source>Other</source>
        <translation>Khác</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="289"/>
        <source>Choose the procedure first.</source>
        <translation>Chọn thủ tục trước.</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="293"/>
        <source>Tick at least one component.</source>
        <translation>Đánh dấu ít nhất một thành phần hồ sơ.</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="135"/>
        <source>e-ID:</source>
        <translation>Định danh điện tử:</translation>
    </message>
    <message>
        <location filename="../../ui/new_dossier.py" line="122"/>
        <source>ID card:</source>
        <translation>Thẻ căn cước:</translation>
    </message>
</context>
<context>
    <name>OtherPapers</name>
    <message>
        <location filename="../../ui/other_papers.py" line="57"/>
        <source>Refuse to receive (form 03)</source>
        <translation>Từ chối tiếp nhận (Mẫu 03)</translation>
    </message>
    <message>
        <location filename="../../ui/other_papers.py" line="58"/>
        <source>Print the processing control slip (form 06)</source>
        <translation>In phiếu kiểm soát quá trình giải quyết (Mẫu 06)</translation>
    </message>
    <message>
        <location filename="../../ui/other_papers.py" line="60"/>
        <source>Refuse… (Ctrl+Shift+X)</source>
        <translation>Từ chối… (Ctrl+Shift+X)</translation>
    </message>
    <message>
        <location filename="../../ui/other_papers.py" line="62"/>
        <source>Control slip (Ctrl+Shift+K)</source>
        <translation>Phiếu kiểm soát (Ctrl+Shift+K)</translation>
    </message>
    <message>
        <location filename="../../ui/other_papers.py" line="116"/>
        <source>Refusal to receive</source>
        <translation>Phiếu từ chối tiếp nhận giải quyết hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/other_papers.py" line="117"/>
        <source>Dossier %1 is refused. Print the refusal and hand it to the citizen.</source>
        <translation>Hồ sơ %1 đã bị từ chối tiếp nhận. In phiếu từ chối và trao cho người nộp.</translation>
    </message>
    <message>
        <location filename="../../ui/other_papers.py" line="133"/>
        <source>Processing control slip</source>
        <translation>Phiếu kiểm soát quá trình giải quyết hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/other_papers.py" line="134"/>
        <source>Print the control slip of dossier %1: it goes with the paper originals to the unit that processes the dossier, and each hand-over is signed on it.</source>
        <translation>In phiếu kiểm soát của hồ sơ %1: phiếu đi kèm bản giấy đến đơn vị giải quyết, mỗi lần giao, nhận hồ sơ đều ký vào phiếu.</translation>
    </message>
</context>
<context>
    <name>OutboxStatus</name>
    <message>
        <location filename="../../ui/outbox_view.py" line="46"/>
        <source>Outbox:</source>
        <translation>Hàng đợi gửi:</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="54"/>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="54"/>
        <source>Offline</source>
        <translation>Mất kết nối</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="54"/>
        <source>Not connected</source>
        <translation>Chưa kết nối</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="59"/>
        <source>queued %1 · sent %2 · needs attention %3</source>
        <translation>chờ gửi %1 · đã gửi %2 · cần xử lý %3</translation>
    </message>
</context>
<context>
    <name>OutboxView</name>
    <message>
        <location filename="../../ui/outbox_view.py" line="73"/>
        <source>Outbox: dossiers sent to the one-stop-shop system</source>
        <translation>Hàng đợi gửi: hồ sơ gửi lên hệ thống một cửa</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="75"/>
        <source>Entries are sent automatically when the network is available.</source>
        <translation>Hồ sơ được gửi tự động khi có kết nối mạng.</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="79"/>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="79"/>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="79"/>
        <source>Attempts</source>
        <translation>Số lần gửi</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="80"/>
        <source>Last error</source>
        <translation>Lỗi gần nhất</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="80"/>
        <source>Queued at</source>
        <translation>Thời điểm vào hàng đợi</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="80"/>
        <source>Sent at</source>
        <translation>Thời điểm gửi xong</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="87"/>
        <source>Retry now (Ctrl+T)</source>
        <translation>Gửi lại ngay (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="89"/>
        <source>Cancel sending</source>
        <translation>Hủy gửi</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="91"/>
        <source>Refresh (F5)</source>
        <translation>Làm mới (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="93"/>
        <source>Back (Esc)</source>
        <translation>Quay lại (Esc)</translation>
    </message>
</context>
<context>
    <name>PaperDialog</name>
    <message>
        <location filename="../../ui/other_papers.py" line="38"/>
        <source>Print (Ctrl+P)</source>
        <translation>In (Ctrl+P)</translation>
    </message>
</context>
<context>
    <name>PaperOnlyDialog</name>
    <message>
        <location filename="../../ui/reason_dialog.py" line="79"/>
        <source>Received on paper only</source>
        <translation>Chỉ nhận bản giấy</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="80"/>
        <source>Not scanned: %1. The receipt will list them as received on paper. Why are they not digitized?</source>
        <translation>Chưa quét: %1. Giấy tiếp nhận sẽ ghi các giấy tờ này là nhận bản giấy. Vì sao không số hóa?</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="82"/>
        <source>e.g. the citizen only shows the paper; the scanner is out of order</source>
        <translation>Ví dụ: công dân chỉ xuất trình bản giấy; máy quét đang hỏng</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="83"/>
        <source>Finish (Ctrl+Enter)</source>
        <translation>Hoàn tất (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="33"/>
        <source>Signing PIN</source>
        <translation>Mã PIN ký số</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="39"/>
        <source>Enter the PIN of the signing certificate. The token stays logged in for the day&apos;s signatures until it is removed, the station is locked (Ctrl+L) or it is left idle; the PIN is never stored.</source>
        <translation>Nhập mã PIN của chứng thư ký số. Token giữ đăng nhập cho các lần ký trong ngày cho đến khi rút token, khóa trạm (Ctrl+L) hoặc để trạm không ký quá lâu; mã PIN không bao giờ được lưu lại.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="49"/>
        <source>Token:</source>
        <translation>Thiết bị ký (token):</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="50"/>
        <source>Holder:</source>
        <translation>Người giữ chứng thư:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="50"/>
        <source>Issued by:</source>
        <translation>Tổ chức cấp:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="51"/>
        <source>Valid until:</source>
        <translation>Hiệu lực đến:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="55"/>
        <source>Certificate:</source>
        <translation>Chứng thư:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="56"/>
        <source>&amp;PIN:</source>
        <translation>Mã &amp;PIN:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="60"/>
        <source>Attempts left before the token locks: %1</source>
        <translation>Số lần thử còn lại trước khi token bị khóa: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="63"/>
        <source>The token reports a wrong PIN since the last good one. Tokens lock after 3 wrong PINs.</source>
        <translation>Token báo đã có lần nhập sai PIN. Token sẽ bị khóa sau 3 lần nhập sai.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="67"/>
        <source>No wrong PIN since the last good one (tokens lock after 3 wrong PINs).</source>
        <translation>Chưa có lần nhập sai PIN nào kể từ lần đúng gần nhất (token khóa sau 3 lần nhập sai).</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="68"/>
        <source>Sign (Enter)</source>
        <translation>Ký số (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="68"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
</context>
<context>
    <name>PrintStep</name>
    <message>
        <location filename="../../ui/receipt_print.py" line="111"/>
        <source>Print</source>
        <translation>In</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_print.py" line="117"/>
        <source>Save as a PDF file (no printer)</source>
        <translation>Lưu thành tệp PDF (không có máy in)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_print.py" line="130"/>
        <source>&amp;Printer:</source>
        <translation>&amp;Máy in:</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_print.py" line="131"/>
        <source>&amp;Copies:</source>
        <translation>&amp;Số bản:</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_print.py" line="132"/>
        <source>P&amp;aper:</source>
        <translation>&amp;Khổ giấy:</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_print.py" line="133"/>
        <source>Print (Enter)</source>
        <translation>In (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_print.py" line="133"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_print.py" line="143"/>
        <source>The receipt will be saved to %1.</source>
        <translation>Giấy tiếp nhận sẽ được lưu vào %1.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/reason_dialog.py" line="27"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="135"/>
        <source>Receipt and appointment slip</source>
        <translation>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="136"/>
        <source>Dossier %1 is queued to be sent. Print the receipt and hand it to the citizen.</source>
        <translation>Hồ sơ %1 đã vào hàng đợi gửi. In giấy tiếp nhận và trao cho công dân.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="139"/>
        <source>Print receipt (Ctrl+P)</source>
        <translation>In giấy tiếp nhận (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="143"/>
        <source>Close (Esc)</source>
        <translation>Đóng (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="174"/>
        <source>Printing…</source>
        <translation>Đang in…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="193"/>
        <source>The printer could not be opened. Check that it is on and connected, then print again (Ctrl+P).</source>
        <translation>Không mở được máy in. Hãy kiểm tra máy in đã bật và đã kết nối, rồi in lại (Ctrl+P).</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="196"/>
        <source>Printing failed: %1</source>
        <translation>In không được: %1</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <location filename="../../ui/reason_dialog.py" line="98"/>
        <source>Refuse to receive</source>
        <translation>Từ chối tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="99"/>
        <source>Why is dossier %1 not received? Write each reason on its own line: they are printed on the refusal (form 03) and kept in the audit trail.</source>
        <translation>Vì sao không tiếp nhận hồ sơ %1? Mỗi lý do ghi một dòng: các lý do được in trên phiếu từ chối (Mẫu 03) và lưu trong nhật ký thao tác.</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="101"/>
        <source>e.g. the procedure is not handled by this agency</source>
        <translation>ví dụ: thủ tục không thuộc thẩm quyền giải quyết của cơ quan</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="102"/>
        <source>Refuse and print (Ctrl+Enter)</source>
        <translation>Từ chối và in phiếu (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>ResultScanner</name>
    <message>
        <location filename="../../ui/result_scan.py" line="157"/>
        <source>fix the paper, then scan again (%1).</source>
        <translation>sửa lại bản giấy rồi quét lại (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="154"/>
        <source>choose a scan profile that suits the paper (colour, a higher resolution), then scan again (%1).</source>
        <translation>chọn chế độ quét phù hợp với bản giấy (quét màu, độ phân giải cao hơn) rồi quét lại (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="151"/>
        <source>put the sheets straight and the right way up in the feeder, then scan again (%1).</source>
        <translation>đặt các tờ thẳng và đúng chiều trong khay rồi quét lại (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="149"/>
        <source>take the blank sheet out of the stack, then scan again (%1).</source>
        <translation>bỏ tờ trắng ra khỏi xấp giấy rồi quét lại (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="147"/>
        <source>put the sheets back in order, each sheet once, then scan again (%1).</source>
        <translation>xếp lại các tờ theo đúng thứ tự, mỗi tờ một lần, rồi quét lại (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="144"/>
        <source>count the sheets of the paper result: put a sheet left out back in the feeder, or correct the page count if it was typed wrong, then scan again (%1).</source>
        <translation>đếm lại số tờ của kết quả bản giấy: đặt tờ bị sót vào khay, hoặc sửa số trang nếu đã khai sai, rồi quét lại (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="137"/>
        <source>The scanned result is not added: the feeder stopped. %1 What to do: take out the sheets left in the feeder, put the whole result back in order and scan it again (%2).</source>
        <translation>Chưa thêm kết quả đã quét vì khay nạp giấy đã dừng. %1 Cách xử lý: lấy các tờ còn lại trong khay ra, đặt lại toàn bộ kết quả theo đúng thứ tự rồi quét lại (%2).</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="132"/>
        <source>The scanned result is not added: the check blocks it. %1 What to do: %2 Or choose the result&apos;s PDF file instead.</source>
        <translation>Chưa thêm kết quả đã quét vì kiểm tra phát hiện lỗi chặn. %1 Cách xử lý: %2 Hoặc chọn tệp PDF của kết quả.</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="113"/>
        <source>%v / %m pages</source>
        <translation>%v / %m trang</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="43"/>
        <source>Scan the result (%1)</source>
        <translation>Quét kết quả (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="40"/>
        <source>pages: not counted</source>
        <translation>số trang: chưa đếm</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="41"/>
        <source> pages</source>
        <translation> trang</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="42"/>
        <source>Number of pages of the paper result, checked against the scan</source>
        <translation>Số trang của kết quả bản giấy, được đối chiếu với bản quét</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="46"/>
        <source>Cancel scan</source>
        <translation>Dừng quét</translation>
    </message>
    <message>
        <location filename="../../ui/result_scan.py" line="67"/>
        <source>No scanner is set for this station (Settings).</source>
        <translation>Máy trạm chưa được cài máy quét (Cài đặt).</translation>
    </message>
</context>
<context>
    <name>ResultsDialog</name>
    <message>
        <location filename="../../ui/results_dialog.py" line="87"/>
        <source>Add result (Ctrl+Enter)</source>
        <translation>Thêm kết quả (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="47"/>
        <source>Results of dossier %1</source>
        <translation>Kết quả của hồ sơ %1</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="49"/>
        <location filename="../../ui/results_dialog.py" line="243"/>
        <source>No file chosen</source>
        <translation>Chưa chọn tệp</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="50"/>
        <source>Choose the result&apos;s PDF…</source>
        <translation>Chọn tệp PDF kết quả…</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="53"/>
        <location filename="../../ui/results_dialog.py" line="55"/>
        <source>DD/MM/YYYY</source>
        <translation>NN/TT/NNNN</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="56"/>
        <source>&amp;Permanent</source>
        <translation>&amp;Vĩnh viễn</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="59"/>
        <source>Result type</source>
        <translation>Loại kết quả</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="63"/>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="70"/>
        <source>Number and symbol</source>
        <translation>Số, ký hiệu</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="70"/>
        <source>Date issued</source>
        <translation>Ngày ban hành</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="71"/>
        <source>Issuing agency</source>
        <translation>Cơ quan ban hành</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="71"/>
        <source>Signed by</source>
        <translation>Người ký</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="72"/>
        <source>Summary</source>
        <translation>Trích yếu</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="78"/>
        <source>Valid until</source>
        <translation>Hiệu lực đến</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="91"/>
        <source>Return the result to the citizen</source>
        <translation>Trả kết quả cho công dân</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="95"/>
        <source>Close (Esc)</source>
        <translation>Đóng (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="104"/>
        <source>Results added (hidden from the citizen until returned)</source>
        <translation>Kết quả đã thêm (ẩn với công dân cho đến khi trả kết quả)</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="131"/>
        <source>returned to the citizen</source>
        <translation>đã trả cho công dân</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="132"/>
        <source>hidden</source>
        <translation>đang ẩn</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="145"/>
        <source>The result&apos;s PDF</source>
        <translation>Tệp PDF kết quả</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="145"/>
        <source>PDF files (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="154"/>
        <source>Reading the first page…</source>
        <translation>Đang đọc trang đầu…</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="172"/>
        <source>Read from the first page: check the fields before adding.</source>
        <translation>Đã đọc từ trang đầu: kiểm tra các trường trước khi thêm.</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="173"/>
        <source>Nothing could be read from the first page: type the fields.</source>
        <translation>Không đọc được gì từ trang đầu: hãy nhập các trường.</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="228"/>
        <source>Adding the result (PDF/A, checks)…</source>
        <translation>Đang thêm kết quả (PDF/A, kiểm tra)…</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="246"/>
        <source>Result added; the citizen sees it once the result is returned.</source>
        <translation>Đã thêm kết quả; công dân thấy kết quả khi hồ sơ được trả kết quả.</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="260"/>
        <source>The result was returned to the citizen and released to their data store.</source>
        <translation>Đã trả kết quả cho công dân và mở kết quả trong kho dữ liệu của công dân.</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="69"/>
        <source>Or scan it</source>
        <translation>Hoặc quét</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="80"/>
        <source>Keep as received (already signed, or signed elsewhere)</source>
        <translation>Giữ nguyên như đã nhận (đã ký, hoặc ký ở nơi khác)</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="81"/>
        <source>Sign as the result with the station&apos;s certificate</source>
        <translation>Ký số kết quả bằng chứng thư số của máy trạm</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="82"/>
        <source>Stamp as a copy made at the counter (ND 30/2020)</source>
        <translation>Ký số bản sao y tại bộ phận một cửa (NĐ 30/2020)</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="83"/>
        <source>Signature</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="184"/>
        <source>Scanning…</source>
        <translation>Đang quét…</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="185"/>
        <source>Scanning the result: each page is checked as it arrives (Cancel scan stops).</source>
        <translation>Đang quét kết quả: mỗi trang được kiểm tra ngay khi ra khỏi máy (Dừng quét để dừng).</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="194"/>
        <source>Scanned: %1 pages (PDF/A)</source>
        <translation>Đã quét: %1 trang (PDF/A)</translation>
    </message>
    <message>
        <location filename="../../ui/results_dialog.py" line="229"/>
        <source>Adding and signing the result…</source>
        <translation>Đang thêm và ký số kết quả…</translation>
    </message>
</context>
<context>
    <name>ResumeDialog</name>
    <message>
        <location filename="../../ui/resume_dialog.py" line="21"/>
        <source>Dossiers left open</source>
        <translation>Hồ sơ còn dở</translation>
    </message>
    <message>
        <location filename="../../ui/resume_dialog.py" line="23"/>
        <source>These dossiers were not finished when the station last closed. Their pages and checks are kept. Continue one now?</source>
        <translation>Các hồ sơ này chưa hoàn tất khi trạm đóng lần trước. Trang và kết quả kiểm tra vẫn được giữ. Làm tiếp một hồ sơ ngay?</translation>
    </message>
    <message>
        <location filename="../../ui/resume_dialog.py" line="36"/>
        <source>Continue (Enter)</source>
        <translation>Làm tiếp (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/resume_dialog.py" line="36"/>
        <source>Later (Esc)</source>
        <translation>Để sau (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/resume_dialog.py" line="43"/>
        <source>Scan of “%1” stopped: %2 page(s) kept</source>
        <translation>Lượt quét «%1» bị dừng: giữ %2 trang</translation>
    </message>
</context>
<context>
    <name>ReusePanel</name>
    <message>
        <location filename="../../ui/reuse_panel.py" line="61"/>
        <source>Look up in the data store (Ctrl+K)</source>
        <translation>Tra cứu kho dữ liệu (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="62"/>
        <source>Reuse, do not scan (Ctrl+U)</source>
        <translation>Tái sử dụng, không quét (Ctrl+U)</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="63"/>
        <source>Open the stored file</source>
        <translation>Mở tệp trong kho để đối chiếu</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="64"/>
        <source>Reference shown by the citizen…</source>
        <translation>Giấy tờ công dân xuất trình…</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="65"/>
        <source>Take the reuse back</source>
        <translation>Bỏ tái sử dụng</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="66"/>
        <source>Reuse the paper from the data store</source>
        <translation>Tái sử dụng giấy tờ trong kho</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="67"/>
        <source>Look up in the data store</source>
        <translation>Tra cứu kho dữ liệu</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="75"/>
        <source>Data store (Kho)</source>
        <translation>Kho dữ liệu của công dân</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="118"/>
        <source>Asking the data store…</source>
        <translation>Đang tra cứu kho dữ liệu…</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="191"/>
        <source>verified</source>
        <translation>đã xác minh</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="192"/>
        <source>unverified</source>
        <translation>chưa xác minh</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="192"/>
        <source>not in the store</source>
        <translation>không có trong kho</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="193"/>
        <source>Reused: %1 · %2 · %3 (%4)</source>
        <translation>Tái sử dụng: %1 · %2 · %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="197"/>
        <source>no expiry</source>
        <translation>không thời hạn</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="198"/>
        <source>In the data store: %1 · No. %2 · %3 · valid until %4</source>
        <translation>Có trong kho: %1 · Số %2 · %3 · hiệu lực đến %4</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="222"/>
        <source>Not in the data store.</source>
        <translation>Không có trong kho.</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="224"/>
        <source>No data store is configured.</source>
        <translation>Chưa cấu hình kho dữ liệu.</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../ui/review_dialog.py" line="54"/>
        <source>Review of the batch %1</source>
        <translation>Rà soát lô %1</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="61"/>
        <source>Number and symbol</source>
        <translation>Số, ký hiệu</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="61"/>
        <source>Date issued</source>
        <translation>Ngày ban hành</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="62"/>
        <source>Issuing agency</source>
        <translation>Cơ quan ban hành</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="62"/>
        <source>Signed by</source>
        <translation>Người ký</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="63"/>
        <source>Summary</source>
        <translation>Trích yếu</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="63"/>
        <source>Valid until</source>
        <translation>Hiệu lực đến</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="66"/>
        <source>DD/MM/YYYY</source>
        <translation>NN/TT/NNNN</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="67"/>
        <source>&amp;Permanent</source>
        <translation>&amp;Vĩnh viễn</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="78"/>
        <source>Result type</source>
        <translation>Loại kết quả</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="81"/>
        <source>Reading the batch…</source>
        <translation>Đang đọc lô…</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="83"/>
        <source>Confirm (Enter)</source>
        <translation>Xác nhận (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="87"/>
        <source>Previous (PgUp)</source>
        <translation>Trước (PgUp)</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="89"/>
        <source>Next (PgDn)</source>
        <translation>Tiếp (PgDn)</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="91"/>
        <source>Leave (Esc): the batch resumes here</source>
        <translation>Thoát (Esc): lần sau tiếp tục từ đây</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="137"/>
        <source>The batch holds no document yet.</source>
        <translation>Lô chưa có tài liệu nào.</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="140"/>
        <source>Enter confirms, typing corrects, PgDn / PgUp move, Esc leaves.</source>
        <translation>Enter để xác nhận, gõ để sửa, PgDn / PgUp để chuyển tài liệu, Esc để thoát.</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="148"/>
        <source>Confirmed %1 of %2 documents</source>
        <translation>Đã xác nhận %1/%2 tài liệu</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="171"/>
        <source>Document %1 (%2 pages)</source>
        <translation>Tài liệu %1 (%2 trang)</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="173"/>
        <source>Confirmed: Enter confirms again with what is typed.</source>
        <translation>Đã xác nhận: Enter để xác nhận lại theo nội dung đang nhập.</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="174"/>
        <source>Pre-read by OCR: check each field against the page.</source>
        <translation>Đọc sẵn bằng nhận dạng chữ: đối chiếu từng trường với trang.</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="219"/>
        <source>Document %1 confirmed; corrected: %2.</source>
        <translation>Đã xác nhận tài liệu %1; trường đã sửa: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/review_dialog.py" line="226"/>
        <source>Every document of the batch is confirmed.</source>
        <translation>Mọi tài liệu của lô đã được xác nhận.</translation>
    </message>
</context>
<context>
    <name>ScanChoiceBox</name>
    <message>
        <location filename="../../ui/scan_choice.py" line="22"/>
        <source>The component already has pages</source>
        <translation>Thành phần đã có trang</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/scan_choice.py" line="23"/>
        <source>This component already has %n page(s). Where do the new pages go?</source>
        <translation>
            <numerusform>Thành phần này đã có %n trang. Đặt các trang mới vào đâu?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/scan_choice.py" line="26"/>
        <source>&amp;Append at the end</source>
        <translation>&amp;Nối vào cuối</translation>
    </message>
    <message>
        <location filename="../../ui/scan_choice.py" line="29"/>
        <source>&amp;Insert before page %1</source>
        <translation>&amp;Chèn trước trang %1</translation>
    </message>
    <message>
        <location filename="../../ui/scan_choice.py" line="32"/>
        <source>&amp;Replace all pages</source>
        <translation>&amp;Thay tất cả các trang</translation>
    </message>
    <message>
        <location filename="../../ui/scan_choice.py" line="34"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
</context>
<context>
    <name>ScanPanel</name>
    <message>
        <location filename="../../ui/scan_panel.py" line="52"/>
        <source>The missing page</source>
        <translation>Trang còn thiếu</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="52"/>
        <source>Images and PDF</source>
        <translation>Ảnh và PDF</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="59"/>
        <source>Number of pages of the paper original (Ctrl+D)</source>
        <translation>Số trang của bản giấy gốc (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="61"/>
        <source>Scan (F5)</source>
        <translation>Quét (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="63"/>
        <source>Cancel scan (Esc)</source>
        <translation>Dừng quét (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="66"/>
        <source>%v of %m pages</source>
        <translation>%v / %m trang</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="67"/>
        <location filename="../../ui/scan_panel.py" line="163"/>
        <source>Put the papers in the feeder, check the page count, then press F5.</source>
        <translation>Đặt giấy tờ vào khay nạp, kiểm tra số trang bản giấy rồi nhấn F5.</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="76"/>
        <source>Scan</source>
        <translation>Quét</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="77"/>
        <source>Cancel scan</source>
        <translation>Dừng quét</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="78"/>
        <source>Insert pages before the selected page</source>
        <translation>Chèn trang trước trang đang chọn</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="79"/>
        <source>Insert</source>
        <translation>Chèn</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="80"/>
        <source>Rescan the selected page</source>
        <translation>Quét lại trang đang chọn</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="81"/>
        <source>Rescan</source>
        <translation>Quét lại</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="82"/>
        <source>Rotate left</source>
        <translation>Xoay trái</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="83"/>
        <source>Rotate right</source>
        <translation>Xoay phải</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="84"/>
        <source>Delete page</source>
        <translation>Xóa trang</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="85"/>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="86"/>
        <source>Move page up</source>
        <translation>Chuyển trang lên</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="87"/>
        <source>Move page down</source>
        <translation>Chuyển trang xuống</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="88"/>
        <source>Undo</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="89"/>
        <source>Zoom in</source>
        <translation>Phóng to</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="90"/>
        <source>Zoom out</source>
        <translation>Thu nhỏ</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="91"/>
        <source>Fit page</source>
        <translation>Vừa khung</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="91"/>
        <source>Fit</source>
        <translation>Vừa khung</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="92"/>
        <source>Page count of the paper original</source>
        <translation>Số trang của bản giấy gốc</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="107"/>
        <source>Scanner:</source>
        <translation>Máy quét:</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="109"/>
        <source>Profile:</source>
        <translation>Chế độ quét:</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="112"/>
        <source>Paper pages:</source>
        <translation>Số trang bản giấy:</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="161"/>
        <source>This component is exempt from scanning.</source>
        <translation>Thành phần này thuộc diện miễn số hóa, không được quét.</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="199"/>
        <source>No scanner is available. Check the scanner or the settings.</source>
        <translation>Không có máy quét. Kiểm tra máy quét hoặc phần cài đặt.</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="239"/>
        <source>Put the one sheet in the scanner: it replaces page %1.</source>
        <translation>Đặt tờ cần quét lại vào máy: ảnh mới sẽ thay trang %1.</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="243"/>
        <source>Page %1 rescanned. Check the pages again (F6).</source>
        <translation>Đã quét lại trang %1. Kiểm tra lại các trang (F6).</translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="284"/>
        <source>Scanning… pages appear as they leave the feeder. Esc cancels.</source>
        <translation>Đang quét… các trang hiện ra ngay khi ra khỏi khay nạp. Esc để dừng.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/scan_panel.py" line="296"/>
        <source>%n page(s) scanned. Checking the pages…</source>
        <translation>
            <numerusform>Đã quét %n trang. Đang kiểm tra các trang…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/scan_panel.py" line="360"/>
        <source>Page %1</source>
        <translation>Trang %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="34"/>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="38"/>
        <source>Embedded simulated feeder (sample pages)</source>
        <translation>Khay nạp mô phỏng có sẵn (trang mẫu)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="49"/>
        <source>&amp;Scanner:</source>
        <translation>&amp;Máy quét:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="49"/>
        <source>Default &amp;profile:</source>
        <translation>Chế độ quét &amp;mặc định:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="50"/>
        <source>Scanner</source>
        <translation>Máy quét</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="53"/>
        <source>DEMO certificate (training only)</source>
        <translation>Chứng thư DEMO (chỉ để tập huấn)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="54"/>
        <source>Certificate file (.p12/.pfx)</source>
        <translation>Tệp chứng thư (.p12/.pfx)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="54"/>
        <source>USB token (PKCS#11)</source>
        <translation>USB token (PKCS#11)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="61"/>
        <source>Visible signature text on page 1</source>
        <translation>Hiện dòng chữ ký số ở trang 1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="63"/>
        <source>&amp;Method:</source>
        <translation>&amp;Cách ký:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="63"/>
        <source>Certificate file:</source>
        <translation>Tệp chứng thư:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="64"/>
        <source>Token library:</source>
        <translation>Thư viện token:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="64"/>
        <source>Token label:</source>
        <translation>Nhãn token:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="65"/>
        <source>Kind of copy:</source>
        <translation>Loại bản sao:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="65"/>
        <source>Signing</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="68"/>
        <source>empty: the reference receiver on this computer (demo)</source>
        <translation>để trống: máy nhận hồ sơ mẫu trên máy này (demo)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="71"/>
        <source>Destination &amp;server:</source>
        <translation>Máy &amp;chủ nhận hồ sơ:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="71"/>
        <source>CA bundle:</source>
        <translation>Chứng thư CA:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="72"/>
        <source>Delete local copies after (days):</source>
        <translation>Xóa bản lưu tại trạm sau (ngày):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="72"/>
        <source>Server</source>
        <translation>Máy chủ</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="75"/>
        <source>Vietnamese + English</source>
        <translation>Tiếng Việt + tiếng Anh</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="75"/>
        <source>Vietnamese</source>
        <translation>Tiếng Việt</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="76"/>
        <source>English</source>
        <translation>Tiếng Anh</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="79"/>
        <source>OCR &amp;languages:</source>
        <translation>&amp;Ngôn ngữ nhận dạng:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="79"/>
        <source>OCR</source>
        <translation>Nhận dạng chữ</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="87"/>
        <source>Checks, OCR and signing settings apply at once; the scanner, the server, the data folder and the language when the station restarts.</source>
        <translation>Cài đặt kiểm tra, nhận dạng chữ và ký số có hiệu lực ngay; máy quét, máy chủ, thư mục dữ liệu và ngôn ngữ có hiệu lực khi khởi động lại trạm.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="91"/>
        <source>&amp;Data folder:</source>
        <translation>Thư mục &amp;dữ liệu:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="91"/>
        <source>&amp;Interface language:</source>
        <translation>Ngôn ngữ &amp;giao diện:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="93"/>
        <source>Station</source>
        <translation>Máy trạm</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="97"/>
        <source>Save (Ctrl+S)</source>
        <translation>Lưu (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="101"/>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ui/shortcuts.py" line="33"/>
        <source>Scan the result (in the results of a dossier)</source>
        <translation>Quét kết quả (trong cửa sổ kết quả của hồ sơ)</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="27"/>
        <source>Check the pages</source>
        <translation>Kiểm tra các trang</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="30"/>
        <source>Print the receipt</source>
        <translation>In giấy tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="31"/>
        <source>Reprint a receipt from today&apos;s list</source>
        <translation>In lại giấy tiếp nhận từ danh sách hôm nay</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="54"/>
        <source>Keyboard shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="60"/>
        <source>Close (Esc)</source>
        <translation>Đóng (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts.py" line="22"/>
        <source>Check the applicant&apos;s e-ID (new dossier)</source>
        <translation>Tra cứu định danh điện tử của người nộp (hồ sơ mới)</translation>
    </message>
</context>
<context>
    <name>ShownReferenceDialog</name>
    <message>
        <location filename="../../ui/reuse_panel.py" line="31"/>
        <source>Reuse a paper the citizen shows</source>
        <translation>Tái sử dụng giấy tờ công dân xuất trình</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="37"/>
        <source>Result code:</source>
        <translation>Mã kết quả:</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="38"/>
        <source>Number (số ký hiệu):</source>
        <translation>Số ký hiệu:</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="40"/>
        <source>Kept as unverified; checked against the data store when the network is back.</source>
        <translation>Ghi nhận là chưa xác minh; sẽ đối chiếu với kho dữ liệu khi có mạng.</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="43"/>
        <source>Reuse</source>
        <translation>Tái sử dụng</translation>
    </message>
    <message>
        <location filename="../../ui/reuse_panel.py" line="43"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>SignedDialog</name>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="101"/>
        <source>Signed copy</source>
        <translation>Bản số hóa đã ký</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="102"/>
        <source>“%1” is signed (PAdES) and kept as PDF/A. The signature is at the top right of page 1.</source>
        <translation>«%1» đã được ký số (PAdES) và lưu dạng PDF/A. Chữ ký ở góc trên bên phải trang 1.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialogs.py" line="108"/>
        <source>Continue (Enter)</source>
        <translation>Tiếp tục (Enter)</translation>
    </message>
</context>
<context>
    <name>TokenStatus</name>
    <message>
        <location filename="../../ui/token_watch.py" line="70"/>
        <source>Signing: logged in</source>
        <translation>Ký số: đã đăng nhập</translation>
    </message>
    <message>
        <location filename="../../ui/token_watch.py" line="71"/>
        <source>The signing key is open: signatures need no PIN until the token is removed, the station is locked (Ctrl+L) or no signature is made for a while.</source>
        <translation>Khóa ký đang mở: ký không cần nhập lại mã PIN cho đến khi rút token, khóa trạm (Ctrl+L) hoặc một lúc lâu không ký.</translation>
    </message>
</context>
<context>
    <name>TokenWatch</name>
    <message>
        <location filename="../../ui/token_watch.py" line="48"/>
        <source>The signing token was removed: the signing session is closed. Put the token back; the next signature asks for the PIN.</source>
        <translation>Token ký số đã bị rút ra: phiên ký đã đóng. Cắm lại token; lần ký sau sẽ hỏi mã PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/token_watch.py" line="51"/>
        <source>No signature for a while: the signing token was logged out. The next signature asks for the PIN.</source>
        <translation>Một lúc lâu không ký: token ký số đã đăng xuất. Lần ký sau sẽ hỏi mã PIN.</translation>
    </message>
</context>
</TS>
