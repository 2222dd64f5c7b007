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
