//! SVG bar charts drawn by the app, each with its numbers in a table and a CSV download.
