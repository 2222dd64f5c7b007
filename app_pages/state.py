"""Every ``st.session_state`` key the app uses, in one place."""

PROJECT = "qda_project_location"  # where the open project lives (path or URL)
PROJECT_PICKER = "qda_project_picker"  # the sidebar's project selectbox
CODER = "qda_coder"  # the current coder's name
DOCUMENT = "qda_document"  # GUID of the document open on the Code page
IMPORT_FILES = "qda_import_files"  # parsed previews of uploaded files
SEGMENT_KIND = "qda_segment_kind"  # turn | paragraph | sentence on the Code page
CODE_FILTER = "qda_code_filter"  # search text in the code tree
WINDOW = "qda_window"  # first segment shown on the Code page
FLASH = "qda_flash"  # a one-off message to show after a rerun
UPLOADER = "qda_uploader_generation"  # bumped after an import to empty the uploader
CODEBOOK_CODE = "qda_codebook_code"  # GUID of the code selected on the Codebook page
CODEBOOK_SEARCH = "qda_codebook_search"  # search text over the Codebook page's tree
CODEBOOK_UPLOADER = "qda_codebook_uploader"  # bumped after a codebook import to empty it
SELECTION = "qda_selection"  # the pending character span {start, end} on the Code page
CURRENT = "qda_current_segment"  # index of the current segment on the Code page
RECENT_CODES = "qda_recent_codes"  # GUIDs of recently applied codes (keys 1-9)
FOCUS_CODING = "qda_focus_coding"  # GUID of the coding opened in the Code page's side panel
SCROLL_TO = "qda_scroll_to"  # one-off: segment index the transcript scrolls to
SEGMENT_PICK = "qda_segment_pick"  # the Code page's segment selectbox
DOC_FILTERS = "qda_code_doc_filters"  # prefix of the Code page's document filter widgets
RETRIEVE = "qda_retrieve"  # prefix of the Retrieve page's query widgets
ANALYSE_FILTER = "qda_analyse_filter_"  # prefix: the Analyse page's filter widgets (codes, ...)
ANALYSE_OPTION = "qda_analyse_option_"  # prefix: the Analyse page's view options (group by, ...)
EXPORT_FILE = "qda_export_file"  # (file name, bytes, MIME type, summary) of the last export made
EXPORT_PREVIEW_DOC = "qda_export_preview_doc"  # document shown on the Pseudonyms tab
CODEBOOK_NEXT = "qda_codebook_next"  # code to select on the next run (after add, merge, split)
