"""JupyterHub configuration of `deno task hub`: the kit served to a room.

`tools/hub.ts` starts `jupyterhub -f tools/hub/jupyterhub_config.py` with the
settings below passed as EMLAB_HUB_* environment variables; a lecturer who
runs JupyterHub by hand can set the same variables, or copy this file and edit
it. Only options that both JupyterHub 3.0 (Debian 12's package) and the
current JupyterHub accept are used.

  EMLAB_HUB_ROOT      the emlab checkout (required)
  EMLAB_HUB_STATE     folder for the hub's database, cookie secret and venv
  EMLAB_HUB_BIND_URL  public address, e.g. http://127.0.0.1:8000 or https://0.0.0.0:443
  EMLAB_HUB_SSL_CERT  TLS certificate file (with EMLAB_HUB_SSL_KEY)
  EMLAB_HUB_SSL_KEY   TLS key file
  EMLAB_HUB_AUTH      "shared" (one class password, EMLAB_HUB_PASSWORD) or
                      "pam" (the server's own accounts)
  EMLAB_HUB_USERS     comma-separated user names allowed to log in
  EMLAB_HUB_ADMINS    comma-separated admin user names
  EMLAB_HUB_SPAWNER   "simple" (every student's server runs as the hub's own
                      account, homes under EMLAB_HUB_HOMES) or "local" (each
                      student's server runs as their own system account)
  EMLAB_HUB_HOMES     homes of the "simple" spawner: one folder per student
  EMLAB_HUB_MEM_LIMIT per-student memory limit, e.g. 1G (enforced by spawners
                      that support it, e.g. SystemdSpawner; shown to JupyterLab)
  EMLAB_HUB_PYTHON    the Python of the students' JupyterLab (a venv made by hub.ts)
  EMLAB_HUB_DENO      the deno binary (copies the notebooks, runs the proxy)
  EMLAB_HUB_API_TOKEN optional token of an admin service (scripts, tests)
  EMLAB_HUB_DENO_DIR  Deno cache shared by the kernels (packages fetched once)
"""

import os
import pwd
import shutil
import subprocess

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

env = os.environ
ROOT = env["EMLAB_HUB_ROOT"]
STATE = env.get("EMLAB_HUB_STATE", os.path.join(ROOT, ".hub"))
DENO = env.get("EMLAB_HUB_DENO", shutil.which("deno") or "deno")
PYTHON = env.get("EMLAB_HUB_PYTHON", os.path.join(STATE, "venv", "bin", "python"))
SPAWNER = env.get("EMLAB_HUB_SPAWNER", "simple")
AUTH = env.get("EMLAB_HUB_AUTH", "shared")

os.makedirs(STATE, exist_ok=True)

# --- network -----------------------------------------------------------------
c.JupyterHub.bind_url = env.get("EMLAB_HUB_BIND_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_ip = "127.0.0.1"
if env.get("EMLAB_HUB_HUB_PORT"):
    c.JupyterHub.hub_port = int(env["EMLAB_HUB_HUB_PORT"])
if env.get("EMLAB_HUB_SSL_CERT"):
    c.JupyterHub.ssl_cert = env["EMLAB_HUB_SSL_CERT"]
    c.JupyterHub.ssl_key = env["EMLAB_HUB_SSL_KEY"]

# The proxy: configurable-http-proxy from npm, run by Deno (no global npm install),
# pinned by its own lockfile.
c.ConfigurableHTTPProxy.command = [
    DENO, "run", "-A", "--no-config",
    "--lock=" + os.path.join(ROOT, "tools", "hub", "proxy.lock"),
    "npm:configurable-http-proxy@5.3.0",
]
if env.get("EMLAB_HUB_PROXY_API_PORT"):
    c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:" + env["EMLAB_HUB_PROXY_API_PORT"]

# --- state ---------------------------------------------------------------------
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True  # a stopped hub stops every student's server

# --- who may log in ---------------------------------------------------------------
users = {u.strip() for u in env.get("EMLAB_HUB_USERS", "").split(",") if u.strip()}
admins = {u.strip() for u in env.get("EMLAB_HUB_ADMINS", "").split(",") if u.strip()}
if users:
    c.Authenticator.allowed_users = users | admins
c.Authenticator.admin_users = admins

if AUTH == "shared":
    # One password for the class, handed out in the room; user names are the
    # students' own. JupyterHub 3's DummyAuthenticator with a password does exactly
    # that (the current JupyterHub also has SharedPasswordAuthenticator).
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = env["EMLAB_HUB_PASSWORD"]
elif AUTH == "pam":
    c.JupyterHub.authenticator_class = "pam"
else:
    raise ValueError(f"EMLAB_HUB_AUTH must be 'shared' or 'pam', got {AUTH!r}")

if env.get("EMLAB_HUB_API_TOKEN"):
    c.JupyterHub.services = [{"name": "emlab-admin", "api_token": env["EMLAB_HUB_API_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "emlab-admin",
        "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"],
        "services": ["emlab-admin"],
    }]

# --- the students' servers ----------------------------------------------------------
if SPAWNER == "simple":
    c.JupyterHub.spawner_class = "simple"
    homes = env.get("EMLAB_HUB_HOMES", os.path.join(STATE, "home"))
    c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(homes, "{username}")
elif SPAWNER != "local":
    raise ValueError(f"EMLAB_HUB_SPAWNER must be 'simple' or 'local', got {SPAWNER!r}")

c.Spawner.cmd = [PYTHON, "-m", "jupyterhub.singleuser"]
if os.geteuid() == 0 and SPAWNER == "simple":
    c.Spawner.args = ["--allow-root"]
c.Spawner.notebook_dir = "~/emlab"
c.Spawner.default_url = "/lab/tree/01-em-walkthrough.ipynb"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
if env.get("EMLAB_HUB_MEM_LIMIT"):
    c.Spawner.mem_limit = env["EMLAB_HUB_MEM_LIMIT"]
spawn_env = {"EMLAB_LAB": "hub"}
deno_dir = env.get("EMLAB_HUB_DENO_DIR")
if deno_dir:
    spawn_env["DENO_DIR"] = deno_dir
for key in ("EMLAB_CHART_SCALE", "EMLAB_LANG", "EMLAB_FRAME_DELAY"):
    if env.get(key):
        spawn_env[key] = env[key]
c.Spawner.environment = spawn_env
# What the students' kernels need from the hub's environment to fetch packages
# (certificates, proxies, a private npm registry), besides JupyterHub's defaults.
c.Spawner.env_keep = [
    "PATH", "PYTHONPATH", "CONDA_ROOT", "CONDA_DEFAULT_ENV", "VIRTUAL_ENV", "LANG", "LC_ALL",
    "JUPYTERHUB_SINGLEUSER_APP", "SSL_CERT_FILE", "SSL_CERT_DIR", "DENO_CERT",
    "DENO_TLS_CA_STORE", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy",
    "no_proxy", "NPM_CONFIG_REGISTRY",
]


def home_of(spawner):
    """The student's home folder, as the spawner will use it."""
    if SPAWNER == "simple":
        return spawner.home_dir
    return pwd.getpwnam(spawner.user.name).pw_dir


def copy_notebooks(spawner):
    """Before each start: the student's own working copy of the notebooks, made on
    first login and refreshed like the lab's (new files added, files the student
    has not edited updated, edited ones kept)."""
    home = home_of(spawner)
    target = os.path.join(home, "emlab")
    os.makedirs(home, exist_ok=True)
    result = subprocess.run(
        [DENO, "run", "-A", os.path.join(ROOT, "tools", "hub_copy.ts"), target],
        capture_output=True, text=True, timeout=300,
    )
    for line in (result.stdout + result.stderr).splitlines():
        spawner.log.info("emlab copy for %s: %s", spawner.user.name, line)
    if result.returncode != 0:
        raise RuntimeError(f"copying the notebooks for {spawner.user.name} failed: {result.stderr}")
    if SPAWNER == "local":
        info = pwd.getpwnam(spawner.user.name)
        for folder, dirs, files in os.walk(target):
            for name in [folder, *(os.path.join(folder, f) for f in dirs + files)]:
                os.chown(name, info.pw_uid, info.pw_gid)


c.Spawner.pre_spawn_hook = copy_notebooks

# A lecturer's own additions: EMLAB_HUB_EXTRA_CONFIG names a Python file run last.
extra = env.get("EMLAB_HUB_EXTRA_CONFIG")
if extra:
    load_subconfig(extra)  # noqa: F821 - provided by JupyterHub
