"""Opens a run's workbook the way an analyst or a board secretary does and checks that it
fits and prints:

- openpyxl: every sheet prints landscape, one page wide, with its header row repeated;
  Draws and Seed on the About sheet are numbers; every column of numbers is at least as
  wide as its widest value shown in the cell's number format;
- LibreOffice (headless PDF export): the workbook prints on a number of pages in line with
  its rows (columns are not split over pages), and no cell prints as `###` (too narrow).

    python3 tests/readers/workbook.py OUT/data-driven/workbook.xlsx

.ci/run installs openpyxl, LibreOffice and poppler and runs it on a fresh run's workbook.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

import openpyxl
from openpyxl.utils import get_column_letter

# Rows a landscape A4 page holds at the workbook's row height, at the least: the page
# bound below allows for this many rows a page plus a few pages a sheet for charts.
ROWS_PER_PAGE = 25


def shown(value, number_format):
    """The text a spreadsheet shows for a number in one of the workbook's formats."""
    decimals = 0
    m = re.search(r"0\.(0+)", number_format)
    if m:
        decimals = len(m.group(1))
    if "%" in number_format:
        text = f"{value * 100:,.{decimals}f}%"
    else:
        text = f"{value:,.{decimals}f}"
    if "£" in number_format:
        text = "£" + text
    return text


def check_sheets(path):
    book = openpyxl.load_workbook(path)
    rows = 0
    for ws in book.worksheets:
        rows += ws.max_row
        setup = ws.page_setup
        assert setup.orientation == "landscape", f"{ws.title}: prints {setup.orientation}"
        assert ws.sheet_properties.pageSetUpPr.fitToPage, f"{ws.title}: not fitted to the page"
        # absent means 1, the default of the file format
        assert setup.fitToWidth in (None, 1), f"{ws.title}: {setup.fitToWidth} pages wide"
        assert ws.print_title_rows, f"{ws.title}: no repeated header row"
        # a <col> element may size a range of columns; openpyxl keys it by its first
        set_width = {}
        for dim in ws.column_dimensions.values():
            if dim.min and dim.max and dim.width:
                for c in range(dim.min, dim.max + 1):
                    set_width[get_column_letter(c)] = dim.width
        widths = {}
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    text = shown(cell.value, cell.number_format)
                    col = cell.column_letter
                    widths[col] = max(widths.get(col, 0), len(text))
        for col, widest in widths.items():
            width = set_width.get(col)
            assert width and width >= widest, (
                f"{ws.title}!{col}: column {width} characters wide for a value of {widest}"
            )
    about = book["About"]
    facts = {row[0].value: row[1].value for row in about.iter_rows(min_row=1) if row[0].value}
    for key in ("Draws", "Seed"):
        assert isinstance(facts.get(key), (int, float)), f"About: {key} is {facts.get(key)!r}"
    return rows, len(book.worksheets)


def check_print(path, rows, sheets):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext"):
        print("skip: the PDF check needs LibreOffice (soffice) and poppler (pdftotext)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
             "--convert-to", "pdf", "--outdir", tmp, path],
            check=True, capture_output=True, timeout=600,
        )
        pdf = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + ".pdf")
        info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True)
        pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
        bound = rows // ROWS_PER_PAGE + 3 * sheets
        assert pages <= bound, f"the PDF has {pages} pages, more than {bound} for {rows} rows"
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True,
                              capture_output=True, text=True).stdout
        assert "###" not in text, "a cell prints as ### in the PDF: its column is too narrow"
        print(f"PDF: {pages} pages for {rows} rows on {sheets} sheets, no ### cell")


def main(path):
    rows, sheets = check_sheets(path)
    print(f"{path}: {sheets} sheets, every one landscape, one page wide, numbers fit")
    check_print(path, rows, sheets)


if __name__ == "__main__":
    main(sys.argv[1])
