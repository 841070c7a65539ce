"""One mapping per state: warn-scraper's raw CSV headers -> ``clean/layoff_events``.

Each :class:`~pipelines.sources.warn.transform.StateMap` lists the raw headers the state's
warn-scraper output has had, the other spellings it has used (``aliases``), and which raw column
feeds company, dates, jobs, place, industry and the closure / temporary / amendment flags. A new
column is reported and kept out of the schema; a renamed required column (company, notice date)
raises ParseError for that state only; add the new name to its aliases here (docs/warn.md).

Source of truth: biglocalnews/warn-transformer (PyPI ``warn-transformer``) keeps one transformer
per state too, but reads a single spelling per field and lags warn-scraper (its md still reads
``Company``/``Type Code`` while the 2024 pages say ``Local Area``/``Type``; it has no nc/mn).
We keep our own maps and borrow its facts (header names, e.g. ny's ``Company``), not its code.

Headers were taken from warn-scraper output as archived by biglocalnews/warn-transformer
(tests/data/raw/<state>.csv, Apache-2.0); the mapping ideas follow warn-transformer's
per-state transformers. State WARN page URLs are those warn-scraper cites as its source.
"""

from __future__ import annotations

import re

from pipelines.sources.warn.transform import (
    Row,
    StateMap,
    city_from_address,
    first_place,
    text,
)

# --- flag helpers: read the words of some raw columns --------------------------------------------


def _words(row: Row, cols: tuple[str, ...]) -> str:
    return " ".join(row.get_text(c) or "" for c in cols).lower()


def closure(*cols: str, yes: str = r"clos", no: str = r"layoff|lay off|reduction|downsiz|furlough"):
    """True when the columns say closure, False when they say layoff only, else None."""

    def check(row: Row) -> bool | None:
        w = _words(row, cols)
        if re.search(yes, w):
            return True
        if re.search(no, w):
            return False
        return None

    return check


def temporary(*cols: str, yes: str = r"temp|furlough", no: str = r"perm"):
    def check(row: Row) -> bool | None:
        w = _words(row, cols)
        if re.search(yes, w):
            return True
        if re.search(no, w):
            return False
        return None

    return check


def amendment(*cols: str, pattern: str = r"amend|revis|updat|supplement"):
    def check(row: Row) -> bool:
        return bool(re.search(pattern, _words(row, cols)))

    return check


def reads(cols: tuple[str, ...], fn):
    """Declare the raw columns a field function reads (the header check looks for them)."""
    fn.columns = tuple(cols)
    return fn


def place(col: str, state: str, name: str):
    return reads((col,), lambda row: first_place(row.get(col), state, name))


def address_city(col: str, state: str, name: str = ""):
    return reads((col,), lambda row: city_from_address(row.get(col), state, name))


def city_or_address(city_col: str, address_col: str, state: str, name: str = ""):
    """The state's city column, else the city of its one-line address (ca since mid-2024)."""
    return reads(
        (city_col, address_col),
        lambda row: row.get_text(city_col) or city_from_address(row.get(address_col), state, name),
    )


def join(*cols: str, sep: str = ", "):
    return reads(cols, lambda row: sep.join(t for t in (row.get_text(c) for c in cols) if t) or None)


def first_of(*cols: str):
    return reads(cols, lambda row: next((t for t in (row.get_text(c) for c in cols) if t), None))


# The joblink family (Geographic Solutions "warn_lookups"): AZ, DE, KS, ME, VT share one layout.
_JOBLINK = (
    "employer",
    "notice_date",
    "number_of_employees_affected",
    "warn_type",
    "city",
    "zip",
    "lwib_area",
    "address",
    "record_number",
    "detail_page_url",
)


def _joblink(state: str, name: str, url: str) -> StateMap:
    return StateMap(
        state,
        name,
        _JOBLINK,
        company="employer",
        notice_date="notice_date",
        effective_date=None,
        jobs="number_of_employees_affected",
        location=first_of("address", "city"),
        city="city",
        row_url="detail_page_url",
        url=url,
    )


def _co_jobs(row: Row) -> str | None:
    """CO: ``jobs`` (old sheet) else permanent + temporary job losses (new sheet)."""
    jobs = row.get_text("jobs")
    if jobs:
        return jobs
    parts = [row.get_text(c) for c in ("permanent_job_losses", "temporary_job_losses")]
    nums = [int(p) for p in parts if p and p.isdigit()]
    return str(sum(nums)) if nums else None


def _fl_lines(row: Row) -> list[str]:
    return [t for t in (text(x) for x in (row.get("Company Name") or "").splitlines()) if t]


def _fl_city(row: Row) -> str | None:
    lines = _fl_lines(row)
    if len(lines) < 2:
        return None
    m = re.match(r"^([A-Za-z .'-]+?),?\s+FL\b", lines[-1])
    return m.group(1).strip().title() if m else None


STATES: dict[str, StateMap] = {
    m.state: m
    for m in (
        StateMap(
            "AK",
            "Alaska",
            ("Company", "Location", "Notice Date", "Layoff Date", "Employees Affected", "Notes"),
            company="Company",
            notice_date="Notice Date",
            effective_date="Layoff Date",
            jobs="Employees Affected",
            location="Location",
            city=place("Location", "AK", "Alaska"),
            url="https://jobs.alaska.gov/RR/WARN_notices.htm",
            closure=closure("Notes"),
            temporary=temporary("Notes"),
        ),
        StateMap(
            "AL",
            "Alabama",
            ("action_type", "date_notice", "date_action", "company", "location", "affected", "_id1", "_id2"),
            company="company",
            notice_date="date_notice",
            effective_date="date_action",
            jobs="affected",
            location="location",
            city=place("location", "AL", "Alabama"),
            url="https://www.madeinalabama.com/warn-list/",
            closure=closure("action_type"),
        ),
        _joblink("AZ", "Arizona", "https://www.azjobconnection.gov/search/warn_lookups/new"),
        StateMap(
            "CA",
            "California",
            (
                "notice_date",
                "effective_date",
                "received_date",
                "company",
                "city",
                "num_employees",
                "layoff_or_closure",
                "county",
                "address",
                "source_file",
            ),
            company="company",
            notice_date="notice_date",
            effective_date="effective_date",
            jobs="num_employees",
            location=first_of("address", "city"),
            city=city_or_address("city", "address", "CA", "California"),
            url="https://edd.ca.gov/en/Jobs_and_Training/Layoff_Services_WARN",
            closure=closure("layoff_or_closure"),
            temporary=temporary("layoff_or_closure"),
        ),
        StateMap(
            "CO",
            "Colorado",
            (
                "reduced_hours",
                "jobs",
                "begin_date",
                "occupations",
                "end_date",
                "workforce_region",
                "notice_date",
                "temporary_job_losses",
                "letter",
                "permanent_job_losses",
                "reason",
                "naics",
                "furloughs",
                "company",
                "workforce_area",
            ),
            company="company",
            notice_date="notice_date",
            effective_date="begin_date",
            jobs=_co_jobs,
            location=first_of("workforce_region", "workforce_area"),
            industry="naics",
            url="https://cdle.colorado.gov/employers/layoff-separations/layoff-warn-list",
            closure=closure("reason"),
            temporary=temporary("reason"),
            amendment=amendment("reason"),
        ),
        StateMap(
            "CT",
            "Connecticut",
            (
                "affected_company",
                "blobToken",
                "closing_dates",
                "layoff_dates",
                "layoff_locations",
                "modifiedDate",
                "name",
                "number_of_impacted_workers",
                "title",
                "union",
                "union_address",
                "warn_document_date",
                "warn_document_received_date",
            ),
            company="affected_company",
            notice_date="warn_document_date",
            effective_date=first_of("layoff_dates", "closing_dates"),
            jobs="number_of_impacted_workers",
            location="layoff_locations",
            city=place("layoff_locations", "CT", "Connecticut"),
            url="https://dolpublicdocumentlibrary.ct.gov/CsblrCategory?prefix=%2Frapid_response%2Fwarn_documents",
            closure=lambda row: bool(re.search(r"\d", row.get_text("closing_dates") or "")) or None,
            amendment=amendment("name", "title"),
        ),
        StateMap(
            "DC",
            "District of Columbia",
            ("Notice Date", "Organization Name", "Number toEmployees Affected", "Effective Layoff Date", "Code Type"),
            company="Organization Name",
            notice_date="Notice Date",
            effective_date="Effective Layoff Date",
            jobs="Number toEmployees Affected",
            location=None,
            city=lambda row: "Washington",
            aliases={"Number of Employees Affected": "Number toEmployees Affected"},
        ),
        _joblink("DE", "Delaware", "https://joblink.delaware.gov/search/warn_lookups/new"),
        StateMap(
            "FL",
            "Florida",
            ("Company Name", "State Notification Date", "Layoff Date", "Employees Affected", "Industry"),
            company=reads(("Company Name",), lambda row: next(iter(_fl_lines(row)), None)),
            notice_date="State Notification Date",
            effective_date="Layoff Date",
            jobs="Employees Affected",
            location=lambda row: ", ".join(_fl_lines(row)[1:]) or None,
            city=_fl_city,
            industry="Industry",
            url="https://floridajobs.org/office-directory/division-of-workforce-services/workforce-programs/reemployment-and-emergency-assistance-coordination-team-react/warn-notices",
        ),
        StateMap(
            "GA",
            "Georgia",
            (
                "GA WARN ID",
                "Company Name",
                "County",
                "Company Address",
                "Type of Layoff or Closure",
                "First Date of Separation",
                "First Location Address",
                "Total Employees at Worksite",
                "Number of Employees Affected",
                "Total Number of Affected Employees",
                "NAICS",
                "Event Type",
            ),
            # no notice date in the export (the form's submission date is not published):
            # announced_date stays null, the first separation date is the effective date. Contact,
            # phone and submitter columns are never read (person names).
            company="Company Name",
            notice_date=None,
            effective_date="First Date of Separation",
            jobs=first_of("Total Number of Affected Employees", "Number of Employees Affected"),
            location=first_of("First Location Address", "Company Address"),
            city=reads(
                ("First Location Address", "Company Address"),
                lambda row: city_from_address(
                    row.get("First Location Address") or row.get("Company Address"), "GA", "Georgia"
                ),
            ),
            industry="NAICS",
            url="https://www.dol.state.ga.us/public/es/warn/searchwarns/list",
            closure=closure("Type of Layoff or Closure"),
            temporary=temporary("Type of Layoff or Closure"),
        ),
        StateMap(
            "HI",
            "Hawaii",
            ("Company", "Date", "PDF url", "location", "jobs"),
            company=reads(("Company",), lambda row: (row.get_text("Company") or "").lstrip("* ") or None),
            notice_date="Date",
            effective_date=None,
            jobs="jobs",
            location="location",
            city=place("location", "HI", "Hawaii"),
            row_url="PDF url",
            url="https://labor.hawaii.gov/wdc/real-time-warn-updates/",
            amendment=amendment("Company", "Date"),
        ),
        StateMap(
            "IA",
            "Iowa",
            (
                "Company",
                "Address Line 1",
                "City",
                "County",
                "St",
                "ZIP",
                "Notice Type",
                "Emp #",
                "Notice Date",
                "Layoff Date",
            ),
            company="Company",
            notice_date="Notice Date",
            effective_date="Layoff Date",
            jobs="Emp #",
            location=join("Address Line 1", "City"),
            city="City",
            url="https://workforce.iowa.gov/employers/business-resources/warn",
            closure=closure("Notice Type", yes=r"clos"),
            amendment=amendment("Notice Type"),
            blank_trailing=True,
        ),
        StateMap(
            "ID",
            "Idaho",
            (
                "Date of Letter",
                "Company",
                "Address",
                "City",
                "State",
                "Zip",
                "No. of Employees Affected",
                "Effective or Commencing Date",
            ),
            company="Company",
            notice_date="Date of Letter",
            effective_date="Effective or Commencing Date",
            jobs="No. of Employees Affected",
            location=join("Address", "City"),
            city="City",
            url="https://www.labor.idaho.gov/businesss/layoff-assistance/",
            amendment=amendment("Date of Letter"),
            blank_trailing=True,
        ),
        StateMap(
            "IL",
            "Illinois",
            (
                "Location Name",
                "Doing Business As Name",
                "Location Address",
                "Location City",
                "Location State",
                "Location Zipcode",
                "County",
                "LWIA #",
                "LWIA",
                "Layoff Type",
                "WARN Received",
                "Trade",
                "Petition Date",
                "Determination",
                "Impact Date",
                "CertificationDate",
                "Exp/Term Date",
                "ATAA Certified",
                "Causes",
                "Reason",
                "Status",
                "Report Source",
                "WARN Notice",
                "Industry",
                "NAICS Codes",
                "IEBS Id",
                "Total # of Employees",
                "Expected Layoff",
                "Revised Layoff",
                "Initial Date Reported",
                "Last Report Date",
                "Notification(s) Received",
                "Unions Involved",
                "Unions",
            ),
            company="Location Name",
            notice_date="Initial Date Reported",
            effective_date="Impact Date",
            jobs="Revised Layoff",
            location=join("Location Address", "Location City"),
            city="Location City",
            industry="Industry",
            url="https://www2.illinois.gov/dceo/WorkforceDevelopment/warn/Pages/default.aspx",
            closure=closure("Reason"),
        ),
        StateMap(
            "IN",
            "Indiana",
            (
                "Company",
                "City",
                "Affected Workers",
                "Notice Date",
                "LO/CL Date",
                "NAICS",
                "Description of Work",
                "Notice Type",
            ),
            company="Company",
            notice_date="Notice Date",
            effective_date="LO/CL Date",
            jobs="Affected Workers",
            location="City",
            city=place("City", "IN", "Indiana"),
            industry="Description of Work",
            url="https://www.in.gov/dwd/warn-notices/current-warn-notices/",
            closure=closure("Notice Type", yes=r"\bcl\b|clos", no=r"\blo\b"),
            temporary=temporary("Notice Type"),
            blank_trailing=True,
        ),
        _joblink("KS", "Kansas", "https://www.kansasworks.com/search/warn_lookups/new"),
        StateMap(
            "KY",
            "Kentucky",
            (
                "NAICS",
                "address",
                "closure_or_layoff",
                "comments",
                "company",
                "congressional",
                "contact",
                "county",
                "date_effective",
                "date_received",
                "employees",
                "industry",
                "neg",
                "notice_number",
                "notice_url",
                "region",
                "source",
                "trade",
                "union",
                "union_affected",
            ),
            # "contact" holds person names: never read
            company="company",
            notice_date="date_received",
            effective_date="date_effective",
            jobs="employees",
            location=first_of("address", "county"),
            city=address_city("address", "KY", "Kentucky"),
            row_url="notice_url",
            url="https://kcc.ky.gov/employer/Pages/Business-Downsizing-Assistance---WARN.aspx",
            closure=closure("closure_or_layoff"),
            amendment=amendment("comments"),
        ),
        StateMap(
            "LA",
            "Louisiana",
            (
                "company_original",
                "date_notice",
                "date_action",
                "affected",
                "Industry",
                "company",
                "address",
                "notes",
                "address_original",
                "_int_raw_fields",
                "_int_accuracy",
                "_int_pdf_filename",
                "_int_page",
                "_int_table_number",
                "_int_data_items",
            ),
            company="company",
            notice_date="date_notice",
            effective_date="date_action",
            jobs="affected",
            location="address",
            city=address_city("address", "LA", "Louisiana"),
            industry="Industry",
            url="https://www.laworks.net/Downloads/Downloads_WFD.asp",
        ),
        StateMap(
            "MA",
            "Massachusetts",
            ("RECEIVED", "EMPLOYER", "CITY/TOWN", "REGION", "DATE(S) OF LAYOFFS", "# EMPLOYEES IMPACTED"),
            company="EMPLOYER",
            notice_date="RECEIVED",
            effective_date="DATE(S) OF LAYOFFS",
            jobs="# EMPLOYEES IMPACTED",
            location="CITY/TOWN",
            city=place("CITY/TOWN", "MA", "Massachusetts"),
        ),
        StateMap(
            "MD",
            "Maryland",
            (
                "Notice Date",
                "NAICS Code",
                "Company",
                "Location",
                "WIA Code",
                "Total Employees",
                "Effective Date",
                "Type Code",
            ),
            company="Company",
            notice_date="Notice Date",
            effective_date="Effective Date",
            jobs="Total Employees",
            location="Location",
            city=address_city("Location", "MD", "Maryland"),
            url="https://www.dllr.state.md.us/employment/warn.shtml",
            closure=closure("Type Code"),
            temporary=temporary("Type Code"),
            amendment=amendment("Type Code", "Notice Date"),
            # 2024 pages: "Local Area" and "Type" (words, not codes); the snake_case export of
            # issue 15: warn_date, naics_code, biz, address, wia_code, total_employees, …
            aliases={
                "Local Area": "WIA Code",
                "Type": "Type Code",
                "warn_date": "Notice Date",
                "naics_code": "NAICS Code",
                "biz": "Company",
                "address": "Location",
                "wia_code": "WIA Code",
                "local_area": "WIA Code",
                "total_employees": "Total Employees",
                "effective_date": "Effective Date",
                "type_code": "Type Code",
            },
        ),
        _joblink("ME", "Maine", "https://joblink.maine.gov/search/warn_lookups/new"),
        StateMap(
            "MI",
            "Michigan",
            ("action", "city", "company", "county", "date_close", "date_start", "extras", "includes", "jobs", "link"),
            # no notice date in the source: announced_date stays null, date_start is the layoff
            company="company",
            notice_date=None,
            effective_date="date_start",
            jobs="jobs",
            location="city",
            city=place("city", "MI", "Michigan"),
            row_url="link",
            url="https://www.michigan.gov/leo/bureaus-agencies/wd/data-public-notices/warn-notices",
            closure=closure("action"),
            temporary=temporary("action"),
            amendment=amendment("company"),
        ),
        StateMap(
            "MO",
            "Missouri",
            (
                "Received Sort descending",
                "Title",
                "Industry",
                "Location(s)",
                "County",
                "Region",
                "Type",
                "Layoff date(s)",
                "# affected",
            ),
            company="Title",
            notice_date="Received Sort descending",
            effective_date="Layoff date(s)",
            jobs="# affected",
            location="Location(s)",
            city=place("Location(s)", "MO", "Missouri"),
            industry="Industry",
            url="https://jobs.mo.gov/warn/",
            closure=closure("Type"),
            temporary=temporary("Type"),
            amendment=amendment("Received Sort descending", pattern=r"updat|rev"),
        ),
        StateMap(
            "MS",
            "Mississippi",
            (
                "date_notice",
                "company",
                "workforce_area",
                "event_number",
                "naics",
                "action_type",
                "affected",
                "date_effective",
                "reason",
                "blank_entry",
                "city",
                "county",
                "_int_accuracy",
                "_int_pdf_filename",
                "_int_page",
                "_int_table_number",
                "_int_raw_fields",
                "_int_data_items",
            ),
            company="company",
            notice_date="date_notice",
            effective_date="date_effective",
            jobs="affected",
            location=join("city", "county"),
            city="city",
            industry="naics",
            closure=closure("action_type"),
            temporary=temporary("reason"),
        ),
        StateMap(
            "MT",
            "Montana",
            (
                "Year",
                "Date of Notice",
                "Name of Company",
                "County",
                "Industry",
                "Date of Impact",
                "Number of Employees Affected",
            ),
            company="Name of Company",
            notice_date="Date of Notice",
            effective_date="Date of Impact",
            jobs="Number of Employees Affected",
            location="County",
            industry="Industry",
            url="https://wsd.dli.mt.gov/wioa/related-links/warn-notice-page",
        ),
        StateMap(
            "ND",
            "North Dakota",
            ("Company Name", "Location", "WARN Dated", "Date of Layoff/Closure", "Number Laid Off/Affected", "Notes"),
            company="Company Name",
            notice_date="WARN Dated",
            effective_date="Date of Layoff/Closure",
            jobs="Number Laid Off/Affected",
            location="Location",
            city=place("Location", "ND", "North Dakota"),
            closure=closure("Notes"),
            temporary=temporary("Notes"),
        ),
        StateMap(
            "NE",
            "Nebraska",
            ("Date", "Company", "Type", "Jobs Affected", "City", "Location"),
            company="Company",
            notice_date="Date",
            effective_date=None,
            jobs="Jobs Affected",
            location=first_of("Location", "City"),
            city=lambda row: first_place(row.get("City") or row.get("Location"), "NE", "Nebraska"),
            url="https://dol.nebraska.gov/ReemploymentServices/LayoffServices/LayoffsAndDownsizingWARN",
            closure=closure("Type"),
        ),
        StateMap(
            "NJ",
            "New Jersey",
            ("Company", "City", "Month Posted", "Effective Date", "Workforce Affected"),
            # "Month Posted" is a month name without a year: no announced date
            company="Company",
            notice_date=None,
            effective_date="Effective Date",
            jobs="Workforce Affected",
            location="City",
            city=place("City", "NJ", "New Jersey"),
            url="https://www.nj.gov/labor/employer-services/warn/",
        ),
        StateMap(
            "NM",
            "New Mexico",
            (
                "NOTICE DATE",
                "JOB SITE NAME",
                "COUNTY NAME",
                "WDA NAME",
                "TOTAL LAYOFF NUMBER",
                "LAYOFF DATE",
                "RECEIVED DATE",
                "CITY NAME",
            ),
            company="JOB SITE NAME",
            notice_date="NOTICE DATE",
            effective_date="LAYOFF DATE",
            jobs="TOTAL LAYOFF NUMBER",
            location=join("CITY NAME", "COUNTY NAME"),
            city="CITY NAME",
            url="https://www.dws.state.nm.us/Rapid-Response",
        ),
        StateMap(
            "NY",
            "New York",
            (
                "Business Legal Name",
                "Date Layoff/Closure Starts",
                "Date of WARN Notice",
                "Date Posted",
                "Impacted Site Address",
                "Impacted Site County",
                "Layoff or Closure?",
                "Measure Names",
                "Permanent or Temporary Layoff?",
                "Index",
                "Number of Affected Workers",
            ),
            # the export carries "Number of Affected Workers " (trailing space) AND
            # "Number of Affected Workers": the same measure twice; the first is read
            duplicates=frozenset({"Number of Affected Workers"}),
            # the 2026 Tableau export drops "Measure Names" and the second workers column and adds
            # "Reason for Layoff/Closure" (extra: kept out of the schema); warn-transformer also
            # reads a "Company" column for the company
            aliases={"Company": "Business Legal Name"},
            company="Business Legal Name",
            notice_date="Date of WARN Notice",
            effective_date="Date Layoff/Closure Starts",
            jobs="Number of Affected Workers",
            location="Impacted Site Address",
            city=address_city("Impacted Site Address", "NY", "New York"),
            url="https://dol.ny.gov/warn-notices",
            closure=closure("Layoff or Closure?"),
            temporary=temporary("Permanent or Temporary Layoff?"),
        ),
        StateMap(
            "OH",
            "Ohio",
            (
                "Company",
                "Date Received",
                "URL",
                "City/County",
                "Potential Number Affected",
                "Layoff Date(s)",
                "Phone Number",
                "Union",
                "Notice ID",
            ),
            company="Company",
            notice_date="Date Received",
            effective_date="Layoff Date(s)",
            jobs="Potential Number Affected",
            location="City/County",
            city=place("City/County", "OH", "Ohio"),
            row_url="URL",
            url="https://jfs.ohio.gov/warn/index.stm",
            amendment=amendment("Date Received", "Company", "Notice ID"),
        ),
        StateMap(
            "OK",
            "Oklahoma",
            (
                "id",
                "closure_type",
                "notice_date",
                "city",
                "company_name",
                "zip_code",
                "record_type_id",
                "workforce_board",
                "jobs",
            ),
            company="company_name",
            notice_date="notice_date",
            effective_date=None,
            jobs="jobs",
            location="city",
            city="city",
            url="https://www.employoklahoma.gov/Participants/s/warnnotices",
            closure=closure("closure_type"),
        ),
        StateMap(
            "OR",
            "Oregon",
            ("WARN#", "Company Name", "Location", "Layoff Date", "Laid Off", "Layoff Type", "Received Date"),
            company="Company Name",
            notice_date="Received Date",
            effective_date="Layoff Date",
            jobs="Laid Off",
            location="Location",
            city=place("Location", "OR", "Oregon"),
            url="https://ccwd.hecc.oregon.gov/Layoff/WARN",
            closure=closure("Layoff Type"),
            temporary=temporary("Layoff Type"),
        ),
        StateMap(
            "PA",
            "Pennsylvania",
            ("addressfull", "closure_or_layoff", "company", "county", "date_effective", "jobs"),
            # no notice date in the source: announced_date stays null
            company="company",
            notice_date=None,
            effective_date="date_effective",
            jobs="jobs",
            location="addressfull",
            city=address_city("addressfull", "PA", "Pennsylvania"),
            url="https://www.pa.gov/agencies/dli/programs-services/workforce-development-home/warn-requirements/warn-notices",
            closure=closure("closure_or_layoff"),
        ),
        StateMap(
            "RI",
            "Rhode Island",
            (
                "WARN Date",
                "Date Received",
                "Company Name",
                "Location of Layoffs",
                "Number Affected",
                "Effective Date",
                "Closing Yes/No",
                "Union Yes/No",
                "Union Address",
            ),
            company="Company Name",
            notice_date="WARN Date",
            effective_date="Effective Date",
            jobs="Number Affected",
            location="Location of Layoffs",
            city=place("Location of Layoffs", "RI", "Rhode Island"),
            url="https://dlt.ri.gov/employers/worker-adjustment-and-retraining-notification-warn",
            closure=closure("Closing Yes/No", yes=r"^yes", no=r"^no"),
        ),
        StateMap(
            "SC",
            "South Carolina",
            ("company", "location", "date", "jobs", "naics"),
            company="company",
            notice_date="date",
            effective_date=None,
            jobs="jobs",
            location="location",
            city=place("location", "SC", "South Carolina"),
            url="https://scworks.org/employer/employer-programs/at-risk-of-closing/layoff-notification-reports",
        ),
        StateMap(
            "SD",
            "South Dakota",
            ("Company", "Location", "Date Received", "Employees Affected"),
            company="Company",
            notice_date="Date Received",
            effective_date=None,
            jobs="Employees Affected",
            location="Location",
            city=place("Location", "SD", "South Dakota"),
            url="https://dlr.sd.gov/workforce_services/businesses/warn_notices.aspx",
        ),
        StateMap(
            "TN",
            "Tennessee",
            (
                "Notice Date",
                "Effective Date",
                "Received Date",
                "Company",
                "City",
                "County",
                "No. Of Employees",
                "Layoff/Closure",
                "Notice ID",
            ),
            company="Company",
            notice_date="Notice Date",
            effective_date="Effective Date",
            jobs="No. Of Employees",
            location=first_of("City", "County"),
            city="City",
            url="https://www.tn.gov/workforce/general-resources/major-publications0/major-publications-redirect/reports.html",
            closure=closure("Layoff/Closure"),
            temporary=temporary("Layoff/Closure"),
        ),
        StateMap(
            "TX",
            "Texas",
            (
                "NOTICE_DATE",
                "JOB_SITE_NAME",
                "COUNTY_NAME",
                "WDA_NAME",
                "TOTAL_LAYOFF_NUMBER",
                "LayOff_Date",
                "WFDD_RECEIVED_DATE",
                "CITY_NAME",
            ),
            # the Excel export pads the header to 16,384 columns with empty cells
            blank_trailing=True,
            company="JOB_SITE_NAME",
            notice_date="NOTICE_DATE",
            effective_date="LayOff_Date",
            jobs="TOTAL_LAYOFF_NUMBER",
            location=join("CITY_NAME", "COUNTY_NAME"),
            city="CITY_NAME",
            url="https://www.twc.texas.gov/data-reports/warn-notice",
        ),
        StateMap(
            "UT",
            "Utah",
            ("Date of Notice", "Company Name", "Location", "Affected Workers"),
            company="Company Name",
            notice_date="Date of Notice",
            effective_date=None,
            jobs="Affected Workers",
            location="Location",
            city=place("Location", "UT", "Utah"),
            url="https://jobs.utah.gov/employer/business/warnnotices.html",
            amendment=amendment("Date of Notice", "Affected Workers"),
        ),
        StateMap(
            "VA",
            "Virginia",
            (
                "Company",
                "Notice Date",
                "Impact Date",
                "Employees Affected",
                "Location",
                "Contact Person",
                "Notice Type",
                "Collective Bargaining Unit",
            ),
            # "Contact Person" holds person names: never read
            company="Company",
            notice_date="Notice Date",
            effective_date="Impact Date",
            jobs="Employees Affected",
            location="Location",
            city=place("Location", "VA", "Virginia"),
            url="https://www.vec.virginia.gov/warn-notices",
            closure=closure("Notice Type"),
        ),
        _joblink("VT", "Vermont", "https://www.vermontjoblink.com/search/warn_lookups/new"),
        StateMap(
            "WA",
            "Washington",
            (
                "Company",
                "Location",
                "Layoff Start Date",
                "# of Workers",
                "Closure Layoff",
                "Type of Layoff",
                "Received Date",
            ),
            company="Company",
            notice_date="Received Date",
            effective_date="Layoff Start Date",
            jobs="# of Workers",
            location="Location",
            city=place("Location", "WA", "Washington"),
            url="https://esd.wa.gov/about-employees/WARN",
            closure=closure("Closure Layoff"),
            temporary=temporary("Type of Layoff"),
        ),
        StateMap(
            "WI",
            "Wisconsin",
            (
                "Company",
                "City",
                "Affected Workers",
                "Notice Received",
                "Notice Type",
                "Layoff Begin Date",
                "NAICS Description",
                "County",
                "Workforce Development Area",
            ),
            # "Acme Inc - Revision 2": an amended notice; the suffix is not part of the name
            company=reads(
                ("Company",),
                lambda row: (
                    re.sub(r"\s*-\s*Revision\s*\d*\s*$", "", row.get_text("Company") or "", flags=re.IGNORECASE) or None
                ),
            ),
            notice_date="Notice Received",
            effective_date="Layoff Begin Date",
            jobs="Affected Workers",
            location="City",
            city=place("City", "WI", "Wisconsin"),
            industry="NAICS Description",
            url="https://dwd.wisconsin.gov/dislocatedworker/warn/",
            closure=closure("Notice Type", yes=r"\bcl\b", no=r"\b(?:ls|wr)\b"),
            amendment=amendment("Company", pattern=r"revision|amend"),
        ),
    )
}
