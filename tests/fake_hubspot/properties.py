"""Property definitions per object type (§2.4, §2.5, §3.3-3.5, §8.4) and value validation."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import re
from typing import Any

from .clock import iso
from .errors import ApiError, PropertyProblem, bad_request, not_found
from .schema import TYPES

MAX_STRING = 65_536
MAX_UNIQUE_PER_OBJECT = 10

VALID_FIELD_TYPES: dict[str, set[str]] = {
    "string": {"text", "textarea", "html", "phonenumber", "file"},
    "number": {"number"},
    "date": {"date"},
    "datetime": {"date"},
    "bool": {"booleancheckbox"},
    "enumeration": {"select", "radio", "checkbox", "booleancheckbox"},
    "phone_number": {"phonenumber"},
}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)

LIFECYCLE_STAGES = [
    ("subscriber", "Subscriber"),
    ("lead", "Lead"),
    ("marketingqualifiedlead", "Marketing Qualified Lead"),
    ("salesqualifiedlead", "Sales Qualified Lead"),
    ("opportunity", "Opportunity"),
    ("customer", "Customer"),
    ("evangelist", "Evangelist"),
    ("other", "Other"),
]
LEAD_STATUSES = [
    ("NEW", "New"),
    ("OPEN", "Open"),
    ("IN_PROGRESS", "In Progress"),
    ("OPEN_DEAL", "Open Deal"),
    ("UNQUALIFIED", "Unqualified"),
    ("ATTEMPTED_TO_CONTACT", "Attempted to Contact"),
    ("CONNECTED", "Connected"),
    ("BAD_TIMING", "Bad Timing"),
]


def _options(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {"label": label, "value": value, "displayOrder": i, "hidden": False}
        for i, (value, label) in enumerate(pairs)
    ]


def _enum(values: list[str]) -> list[tuple[str, str]]:
    return [(v, v.replace("_", " ").title()) for v in values]


def definition(
    name: str,
    label: str,
    type_: str,
    field_type: str,
    *,
    group: str,
    options: list[tuple[str, str]] | None = None,
    read_only: bool = False,
    hubspot_defined: bool = True,
    unique: bool = False,
    external_options: bool = False,
    at: float = 0.0,
) -> dict[str, Any]:
    stamp = iso(at)
    return {
        "name": name,
        "label": label,
        "type": type_,
        "fieldType": field_type,
        "description": "",
        "groupName": group,
        "options": _options(options or []),
        "displayOrder": -1,
        "calculated": False,
        "externalOptions": external_options,
        "hasUniqueValue": unique,
        "hidden": False,
        "hubspotDefined": hubspot_defined,
        "formField": False,
        "modificationMetadata": {
            "archivable": not hubspot_defined,
            "readOnlyDefinition": hubspot_defined,
            "readOnlyValue": read_only,
        },
        "createdAt": stamp,
        "updatedAt": stamp,
        "archived": False,
    }


def _seed(object_type: str) -> list[dict[str, Any]]:
    t = TYPES[object_type]
    group = {
        "contacts": "contactinformation",
        "companies": "companyinformation",
        "notes": "engagement",
        "emails": "email",
        "tasks": "task",
        "meetings": "meeting",
        "calls": "call",
    }[object_type]

    def text(name: str, label: str, field: str = "text") -> dict[str, Any]:
        return definition(name, label, "string", field, group=group)

    def enum(name: str, label: str, pairs: list[tuple[str, str]], field: str = "select"):
        return definition(name, label, "enumeration", field, group=group, options=pairs)

    stamps = [
        definition(t.created_prop, "Create Date", "datetime", "date", group=group, read_only=True),
        definition(
            t.modified_prop, "Last Modified Date", "datetime", "date", group=group, read_only=True
        ),
        definition("hs_object_id", "Record ID", "number", "number", group=group, read_only=True),
        definition(
            "hubspot_owner_id",
            "Owner",
            "enumeration",
            "select",
            group=group,
            external_options=True,
        ),
    ]
    if object_type == "contacts":
        return [
            *stamps,
            text("email", "Email"),
            text("firstname", "First Name"),
            text("lastname", "Last Name"),
            text("salutation", "Salutation"),
            text("phone", "Phone Number", "phonenumber"),
            text("mobilephone", "Mobile Phone Number", "phonenumber"),
            text("fax", "Fax Number", "phonenumber"),
            text("jobtitle", "Job Title"),
            text("company", "Company Name"),
            text("website", "Website URL"),
            text("industry", "Industry"),
            text("address", "Street Address"),
            text("city", "City"),
            text("state", "State/Region"),
            text("zip", "Postal Code"),
            text("country", "Country/Region"),
            text("hs_linkedin_url", "LinkedIn URL"),  # [U] in the spec
            enum("lifecyclestage", "Lifecycle Stage", LIFECYCLE_STAGES, "radio"),
            enum("hs_lead_status", "Lead Status", LEAD_STATUSES, "radio"),
            definition(
                "hs_email_optout",  # read-only per the spec [U]
                "Unsubscribed from all email",
                "bool",
                "booleancheckbox",
                group=group,
                options=[("true", "True"), ("false", "False")],
                read_only=True,
            ),
            definition(
                "hs_analytics_source",  # read-only per the spec [U]
                "Original Source",
                "enumeration",
                "select",
                group="analyticsinformation",
                options=_enum(["OFFLINE", "ORGANIC_SEARCH", "DIRECT_TRAFFIC", "OTHER_CAMPAIGNS"]),
                read_only=True,
            ),
        ]
    if object_type == "companies":
        return [
            *stamps,
            text("name", "Company name"),
            text("domain", "Company Domain Name"),
            text("website", "Website URL"),
            text("phone", "Phone Number", "phonenumber"),
            text("address", "Street Address"),
            text("city", "City"),
            text("state", "State/Region"),
            text("zip", "Postal Code"),
            text("country", "Country/Region"),
            # Real HubSpot makes this an enumeration of ~150 industries; kept free text here.
            text("industry", "Industry"),
            text("description", "Description", "textarea"),
            text("linkedin_company_page", "LinkedIn Company Page"),
            definition("numberofemployees", "Number of Employees", "number", "number", group=group),
            definition("annualrevenue", "Annual Revenue", "number", "number", group=group),
            enum("lifecyclestage", "Lifecycle Stage", LIFECYCLE_STAGES, "radio"),
        ]
    timestamp = definition("hs_timestamp", "Activity date", "datetime", "date", group=group)
    attachments = text("hs_attachment_ids", "Attachment IDs")
    if object_type == "notes":
        return [*stamps, timestamp, text("hs_note_body", "Note body", "html"), attachments]
    if object_type == "emails":
        derived = [
            definition(name, name, "string", "text", group=group, read_only=True)
            for name in (
                "hs_email_from_email",
                "hs_email_from_firstname",
                "hs_email_from_lastname",
                "hs_email_to_email",
                "hs_email_to_firstname",
                "hs_email_to_lastname",
            )
        ]
        return [
            *stamps,
            timestamp,
            enum(
                "hs_email_direction",
                "Email direction",
                _enum(["EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL"]),
            ),
            enum(
                "hs_email_status",
                "Email send status",
                _enum(["BOUNCED", "FAILED", "SCHEDULED", "SENDING", "SENT"]),
            ),
            text("hs_email_subject", "Email subject"),
            text("hs_email_text", "Email body", "textarea"),
            text("hs_email_html", "Email HTML body", "html"),
            text("hs_email_headers", "Email headers", "textarea"),
            attachments,
            *derived,
        ]
    if object_type == "meetings":
        return [
            *stamps,
            timestamp,
            text("hs_meeting_title", "Meeting name"),
            text("hs_meeting_body", "Meeting description", "html"),
            text("hs_internal_meeting_notes", "Internal meeting notes", "html"),
            text("hs_meeting_external_url", "External URL"),
            text("hs_meeting_location", "Location"),
            definition("hs_meeting_start_time", "Start Time", "datetime", "date", group=group),
            definition("hs_meeting_end_time", "End Time", "datetime", "date", group=group),
            enum(
                "hs_meeting_outcome",
                "Meeting outcome",
                _enum(["SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"]),
            ),
            attachments,
        ]
    if object_type == "calls":
        return [
            *stamps,
            timestamp,
            text("hs_call_title", "Call Title"),
            text("hs_call_body", "Call notes", "html"),
            enum("hs_call_direction", "Call direction", _enum(["INBOUND", "OUTBOUND"])),
            # A call outcome's GUID (GET /calling/v1/dispositions); portals add their own.
            text("hs_call_disposition", "Call outcome"),
            definition("hs_call_duration", "Call duration", "number", "number", group=group),
            text("hs_call_from_number", "From number", "phonenumber"),
            text("hs_call_to_number", "To number", "phonenumber"),
            text("hs_call_recording_url", "Recording URL"),
            enum(
                "hs_call_status",
                "Call status",
                _enum(
                    [
                        "BUSY",
                        "CALLING_CRM_USER",
                        "CANCELED",
                        "COMPLETED",
                        "CONNECTING",
                        "FAILED",
                        "IN_PROGRESS",
                        "NO_ANSWER",
                        "QUEUED",
                        "RINGING",
                    ]
                ),
            ),
            attachments,
        ]
    return [
        *stamps,
        timestamp,
        text("hs_task_subject", "Task Title"),
        text("hs_task_body", "Notes", "html"),
        enum(
            "hs_task_status",
            "Task Status",
            _enum(["NOT_STARTED", "IN_PROGRESS", "WAITING", "DEFERRED", "COMPLETED"]),
        ),
        enum("hs_task_priority", "Priority", _enum(["NONE", "LOW", "MEDIUM", "HIGH"])),
        enum("hs_task_type", "Task Type", _enum(["TODO", "EMAIL", "CALL"])),
        definition("hs_task_reminders", "Reminder", "datetime", "date", group=group),
    ]


class PropertyStore:
    """Definitions per object type; not thread-safe (the server holds one lock for all state)."""

    def __init__(self) -> None:
        self._defs: dict[str, dict[str, dict[str, Any]]] = {
            name: {d["name"]: d for d in _seed(name)} for name in TYPES
        }

    def list(self, object_type: str) -> list[dict[str, Any]]:
        return [copy.deepcopy(d) for d in self._defs[object_type].values()]

    def get(self, object_type: str, name: str) -> dict[str, Any] | None:
        return self._defs[object_type].get(name)

    def read(self, object_type: str, name: str) -> dict[str, Any]:
        found = self.get(object_type, name)
        if found is None:
            raise not_found(f"Unable to find property {name} on object type {object_type}")
        return copy.deepcopy(found)

    def unique_names(self, object_type: str) -> list[str]:
        return [n for n, d in self._defs[object_type].items() if d["hasUniqueValue"]]

    def create(self, object_type: str, body: Any, now: float) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise bad_request("Invalid input JSON: expected an object")
        missing = [
            k for k in ("name", "label", "type", "fieldType", "groupName") if not body.get(k)
        ]
        if missing:
            raise bad_request(f"Missing required fields: {', '.join(missing)}")
        name, type_, field = str(body["name"]), str(body["type"]), str(body["fieldType"])
        if not _NAME.match(name):
            raise bad_request(
                f"Property name '{name}' is invalid: use lowercase letters, digits, _"
            )
        if name in self._defs[object_type]:
            raise ApiError(409, "OBJECT_ALREADY_EXISTS", f"Property named '{name}' already exists.")
        if field not in VALID_FIELD_TYPES.get(type_, set()):
            raise bad_request(
                f"Invalid property type/fieldType combination: {type_}/{field}",
                errors=[{"message": f"{field} is not valid for type {type_}", "in": "fieldType"}],
            )
        unique = bool(body.get("hasUniqueValue", False))
        if unique and len(self.unique_names(object_type)) >= MAX_UNIQUE_PER_OBJECT:
            raise bad_request(
                f"Object type {object_type} already has the maximum of "
                f"{MAX_UNIQUE_PER_OBJECT} unique value properties"
            )
        raw_options = body.get("options") or []
        if type_ == "bool" and not raw_options:
            raw_options = [{"label": "True", "value": "true"}, {"label": "False", "value": "false"}]
        if type_ == "enumeration" and not raw_options:
            raise bad_request("Enumeration properties need at least one option")
        try:
            pairs = [(str(o["value"]), str(o["label"])) for o in raw_options]
        except (KeyError, TypeError) as exc:
            raise bad_request("Each option needs a label and a value") from exc
        made = definition(
            name,
            str(body["label"]),
            type_,
            field,
            group=str(body["groupName"]),
            options=pairs,
            hubspot_defined=False,
            unique=unique,
            at=now,
        )
        made["description"] = str(body.get("description", ""))
        made["formField"] = bool(body.get("formField", False))
        self._defs[object_type][name] = made
        return copy.deepcopy(made)

    def validate(
        self, object_type: str, values: Any, *, required: list[str], creating: bool
    ) -> tuple[dict[str, str], list[PropertyProblem]]:
        """Normalise ``values`` to strings; return them with every problem found.

        ``required`` holds the portal's required properties ("2026-09 strict mode").
        """
        if values is None:
            values = {}
        if not isinstance(values, dict):
            return {}, [PropertyProblem("properties", "INVALID_INPUT", "properties must be a map")]
        out: dict[str, str] = {}
        problems: list[PropertyProblem] = []
        for name, raw in values.items():
            d = self._defs[object_type].get(name)
            if d is None:
                problems.append(
                    PropertyProblem(
                        name, "PROPERTY_DOESNT_EXIST", f'Property "{name}" does not exist'
                    )
                )
                continue
            if d["modificationMetadata"]["readOnlyValue"]:
                problems.append(
                    PropertyProblem(
                        name,
                        "READ_ONLY_VALUE",
                        f'"{name}" is a read only property; its value cannot be set.',
                    )
                )
                continue
            value, problem = _check_value(d, raw)
            if problem is not None:
                problems.append(problem)
            elif value is not None:
                out[name] = value
        for name in required:
            value = out.get(name)
            if (creating and not value) or (not creating and name in out and not value):
                problems.append(
                    PropertyProblem(name, "REQUIRED_PROPERTY", f'Property "{name}" is required')
                )
        return out, problems


def _as_string(raw: Any) -> str | None:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, str):
        return raw
    return None


def _check_value(d: dict[str, Any], raw: Any) -> tuple[str | None, PropertyProblem | None]:
    name, type_ = d["name"], d["type"]
    value = _as_string(raw)
    if value is None:
        return None, PropertyProblem(
            name, "INVALID_INPUT", f"{raw!r} is not a valid property value"
        )
    if value == "":
        return "", None  # an empty string clears
    if len(value) > MAX_STRING:
        return None, PropertyProblem(
            name, "MAX_LENGTH_EXCEEDED", f"Value for {name} is longer than {MAX_STRING} characters"
        )
    if type_ != "string" and value != value.strip():
        return None, PropertyProblem(
            name,
            "LEADING_TRAILING_WHITESPACE",
            f'"{value}" includes leading or trailing whitespace.',
        )
    if name == "email":
        value = value.strip().lower()
        if not _EMAIL.match(value):
            return None, PropertyProblem(name, "INVALID_EMAIL", f"Email address {value} is invalid")
    if name == "hs_email_headers":
        try:
            json.loads(value)
        except ValueError:
            return None, PropertyProblem(name, "INVALID_JSON", "hs_email_headers is not valid JSON")
    if type_ == "number":
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if math.isnan(number) or math.isinf(number):
            return None, PropertyProblem(name, "INVALID_NUMBER", f"{value} is not a valid number")
    elif type_ == "bool":
        if value.lower() not in ("true", "false"):
            return None, PropertyProblem(name, "INVALID_BOOLEAN", f"{value} is not true or false")
        value = value.lower()
    elif type_ == "date":
        if to_epoch_ms(value, date_only=True) is None:
            return None, PropertyProblem(
                name, "INVALID_DATE", f"{value} is not a date (YYYY-MM-DD or midnight UTC in ms)"
            )
    elif type_ == "datetime":
        if to_epoch_ms(value) is None:
            return None, PropertyProblem(
                name, "INVALID_DATETIME", f"{value} is not epoch milliseconds or ISO 8601"
            )
    elif type_ == "enumeration" and not d["externalOptions"]:
        allowed = [o["value"] for o in d["options"]]
        chosen = value.split(";") if d["fieldType"] == "checkbox" else [value]
        bad = [c for c in chosen if c not in allowed]
        if bad:
            return None, PropertyProblem(
                name,
                "INVALID_OPTION",
                f"{bad[0]} was not one of the allowed options: [{', '.join(allowed)}]",
            )
    return value, None


def to_epoch_ms(value: str, *, date_only: bool = False) -> int | None:
    """Epoch ms of a HubSpot date/datetime value, or None when it is neither form."""
    if re.fullmatch(r"-?\d+", value):
        ms = int(value)
        if date_only and ms % 86_400_000:
            return None
        return ms
    if not _DATETIME.match(value) or (date_only and len(value) != 10):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)
