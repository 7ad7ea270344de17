"""SCORM 1.2 packages for an LMS: `helpwright scorm` (see :mod:`builder.outputs.scorm.output`)."""
