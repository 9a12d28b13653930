"""Many documents from one template and a roster: one file per row, never stopping on one row.

``merge`` (``run.py``) names every row's file first (``rows.py``: the same names whatever the
number of jobs, checked against what earlier batches left in the folder, ``earlier.py``), says
or refuses before any row what would spoil every file (``preflight.py``), renders the rows
through the fast path — in this process or in ``jobs`` worker processes, each preparing the
template once — and writes each file atomically as it is made. A row that fails is recorded
with its row number and reason in the ``Report`` (``report.py``); the others are still written.
Then, as asked, LibreOffice makes the PDFs (one process per 200 files), one combined .docx is
assembled for printing, the files are zipped (``finish.py``), and the manifest records every
output with its source row and sha256. `docgen build` runs its ``each:`` documents through the
same pieces (``pipeline.build_each``).
"""

from docgen.batch.finish import COMBINED_STEM
from docgen.batch.report import OVER_LIMITS, BatchOptions, BatchSteps, Report
from docgen.batch.run import merge

__all__ = ["COMBINED_STEM", "OVER_LIMITS", "BatchOptions", "BatchSteps", "Report", "merge"]
