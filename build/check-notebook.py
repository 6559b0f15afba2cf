#!/usr/bin/env python3
"""Fails (exit 1) on an executed notebook that shows an error: an output of type "error", or text on stderr (where the
.NET Interactive kernel writes compilation errors). Prints each problem with its cell. Also fails when no code cell
produced any output (the notebook did not run). Usage: check-notebook.py <executed.ipynb>"""
import sys

import nbformat

notebook = nbformat.read(sys.argv[1], as_version=4)
problems = []
for index, cell in enumerate(notebook.cells):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            problems.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}")
        elif output.get("output_type") == "stream" and output.get("name") == "stderr":
            problems.append(f"cell {index}: stderr: {output.get('text', '').strip()}")
if not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"):
    problems.append("no code cell produced any output")
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
