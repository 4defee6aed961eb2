"""The classes and hooks nbgrader_config.py names, one concern each, as nbgrader's own are written:
generating the student version (`stubs`), repairing and restoring a submission (`sanitize`),
running it in the sandbox (`execute`), judging its hidden tests outside the kernel
(`preprocessors`), collecting from the exchange (`exchange`), moving what is not a regular file
out of nbgrader's reach (`quarantine`), and the feedback page (`feedback`)."""
