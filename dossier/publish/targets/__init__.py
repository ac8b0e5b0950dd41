"""Deploy targets, one module per kind (dir:, rsync:, git:, s3:), each with deploy() and rollback().

base.py holds what they share (Target, Deployed, DeployError, release folders, running commands);
publish/deploy.py parses a target and dispatches to its module. Targets import nothing else of
the dossier but its errors.
"""
