"""Extension objects, created unbound here and bound to the app in the factory."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
migrate = Migrate()
# No default limits: each limit is declared where it protects something (logins; later code guessing).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
