"""``imsmanifest.xml`` of a SCORM 1.2 package: one organisation, one SCO per lesson.

The structure follows the IMS Content Packaging 1.1.2 schema with ADL's SCORM 1.2
extensions: ``metadata`` naming the schema, ``organizations`` (one organisation whose items
point at resources), and ``resources`` where each lesson is a ``webcontent`` resource with
``adlcp:scormtype="sco"`` listing every file it uses, and the files every lesson shares are one
``asset`` resource the others depend on. Titles are text nodes: ElementTree escapes them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (f"{IMSCP} imscp_rootv1p1p2.xsd "
                   "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
                   f"{ADLCP} adlcp_rootv1p2.xsd")
#: the resource holding the script and style sheet every lesson loads
COMMON = "res-common"


@dataclass(frozen=True)
class Lesson:
    """One SCO: its identifier (an XML name), title, launch page and every file it uses."""

    identifier: str
    title: str
    href: str
    files: tuple[str, ...]
    #: the score (0–100) a learner needs to pass; None for a lesson that is completed, not passed
    mastery: int | None = None


def manifest_xml(identifier: str, title: str, lessons: list[Lesson], common: list[str]) -> bytes:
    """The manifest of a package holding ``lessons`` in order; ``common``: the files they share."""
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{IMSCP}}}manifest", {"identifier": identifier, "version": "1.0",
                                               f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    metadata = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(root, f"{{{IMSCP}}}organizations", {"default": "org"})
    organization = ET.SubElement(organizations, f"{{{IMSCP}}}organization", {"identifier": "org"})
    ET.SubElement(organization, f"{{{IMSCP}}}title").text = title
    for lesson in lessons:
        item = ET.SubElement(organization, f"{{{IMSCP}}}item", {
            "identifier": f"item-{lesson.identifier}", "identifierref": f"res-{lesson.identifier}",
            "isvisible": "true"})
        ET.SubElement(item, f"{{{IMSCP}}}title").text = lesson.title
        if lesson.mastery is not None:
            ET.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(lesson.mastery)
    resources = ET.SubElement(root, f"{{{IMSCP}}}resources")
    for lesson in lessons:
        resource = ET.SubElement(resources, f"{{{IMSCP}}}resource", {
            "identifier": f"res-{lesson.identifier}", "type": "webcontent",
            f"{{{ADLCP}}}scormtype": "sco", "href": lesson.href})
        for name in lesson.files:
            ET.SubElement(resource, f"{{{IMSCP}}}file", {"href": name})
        ET.SubElement(resource, f"{{{IMSCP}}}dependency", {"identifierref": COMMON})
    shared = ET.SubElement(resources, f"{{{IMSCP}}}resource", {
        "identifier": COMMON, "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"})
    for name in common:
        ET.SubElement(shared, f"{{{IMSCP}}}file", {"href": name})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
