//! A spreadsheet imported from the window, as an office does it: chosen with
//! the file form, its columns shown as understood and one changed, the
//! contacts' consent ticked, then imported; and a list with a wrong row, whose
//! rows go to a file to correct while nothing is imported.

use egui_kittest::kittest::{NodeT, Queryable};
use sohoa::app::{Action, ExchangeAction};
use sohoa::enterprise::field::ProfileField;

use crate::support::{Window, apply, click, core, open_window, shows_text, workspace};

/// Chooses `path` in the window's file form for a spreadsheet and opens it.
fn open_table(h: &mut Window, path: &std::path::Path) {
    click(h, "Doanh nghiệp");
    click(h, "Nhập bảng tính…");
    crate::support::set_file_path(h, &path.display().to_string());
    click(h, "Mở");
}

#[test]
fn a_list_is_previewed_column_by_column_and_imported_with_the_consent_ticked() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    crate::with_ben_tre_program(&data);
    let list = dir.path().join("ds-hoi-cho.csv");
    std::fs::write(
        &list,
        "Tên cơ sở,Số ĐKKD,SĐT\nCơ sở Kẹo dừa Thanh Long,1300123452,0275 3511 222\nHTX Bưởi Mỏ Cày,0301234562,0912 345 678\n",
    )
    .unwrap();
    let mut h = open_window(&data);
    open_table(&mut h, &list);
    assert!(shows_text(&h, "CSV, bảng mã UTF-8, phân cách “,”"));
    assert!(shows_text(&h, "2 mới, 0 cập nhật"));
    assert!(
        shows_text(&h, "2 ô dữ liệu cá nhân"),
        "the phones wait for consent"
    );

    // "Số ĐKKD" is not a header Sohoa knows: the person says it is the tax code.
    apply(
        &mut h,
        Action::Exchange(ExchangeAction::TableColumn {
            column: 1,
            field: Some(ProfileField::TaxCode),
        }),
    );
    h.get_by_label_contains("Văn phòng đã có sự đồng ý").click();
    h.run();
    assert!(core(&h).view.table_import.as_ref().unwrap().consent_given);
    assert!(!shows_text(&h, "ô dữ liệu cá nhân"));
    click(&mut h, "Nhập");
    assert!(shows_text(&h, "Đã nhập ds-hoi-cho.csv: 2 doanh nghiệp mới"));
    assert!(core(&h).view.table_import.is_none());
    let ws = workspace(&h);
    let keo = ws.find("1300123452").expect("imported with its tax code");
    assert_eq!(keo.contact.phone, "0275 3511 222");
    assert!(keo.consent.as_ref().is_some_and(|c| c.given));
}

#[test]
fn a_wrong_row_keeps_the_import_button_off_and_its_rows_go_to_a_file_to_correct() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    crate::with_ben_tre_program(&data);
    let list = dir.path().join("ds.csv");
    std::fs::write(
        &list,
        "Tên doanh nghiệp,Mã số thuế\nCông ty A,0100109106\nCông ty B,0100109107\n",
    )
    .unwrap();
    let mut h = open_window(&data);
    open_table(&mut h, &list);
    assert!(shows_text(&h, "dòng 3: Mã số thuế"));
    assert!(shows_text(
        &h,
        "1 dòng chưa nhập được: chưa dòng nào được nhập"
    ));
    assert!(
        h.get_by_label("Nhập").accesskit_node().is_disabled(),
        "nothing goes in while a row is wrong"
    );
    click(&mut h, "Ghi các dòng chưa nhập được ra tệp để sửa");
    let rejects = dir.path().join("ds-dong-chua-nhap.csv");
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.contains(
            "Công ty B,0100109107,\"dòng 3: Mã số thuế: Chữ số kiểm tra là 7, đúng ra phải là 6\""
        ),
        "{text}"
    );
    assert!(shows_text(&h, "Đã ghi các dòng chưa nhập được"));
    click(&mut h, "Hủy");
    assert!(workspace(&h).enterprises().is_empty());
}

#[test]
fn a_workbook_s_other_sheet_is_one_click_away() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    crate::with_ben_tre_program(&data);
    let path = dir.path().join("so-ke-hoach.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("Ghi chú")
        .unwrap()
        .write_string(0, 0, "Danh sách ở trang sau")
        .unwrap();
    let list = book.add_worksheet().set_name("Danh sách").unwrap();
    for (c, header) in ["Tên doanh nghiệp", "Mã số thuế"].iter().enumerate() {
        list.write_string(0, c as u16, *header).unwrap();
    }
    list.write_string(1, 0, "Công ty TNHH Dừa Xanh").unwrap();
    list.write_string(1, 1, "0100109106").unwrap();
    book.save(&path).unwrap();

    let mut h = open_window(&data);
    open_table(&mut h, &path);
    assert!(shows_text(&h, "XLSX, trang tính “Ghi chú”"));
    assert!(shows_text(&h, "0 mới"));
    click(&mut h, "Danh sách");
    assert!(shows_text(&h, "XLSX, trang tính “Danh sách”"));
    assert!(shows_text(&h, "1 mới, 0 cập nhật"));
    click(&mut h, "Nhập");
    assert!(workspace(&h).find("0100109106").is_some());
}
